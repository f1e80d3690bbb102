package dev.kubeward.server.security;

import java.util.List;
import java.util.Optional;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

/** Loads local accounts for session sign-in. */
@Service
public class AccountUserDetailsService implements UserDetailsService {
  private final UserDao users;

  public AccountUserDetailsService(UserDao users) {
    this.users = users;
  }

  @Override
  public UserDetails loadUserByUsername(String username) {
    UserAccount u = users.findByUsername(username).orElseThrow(() -> new UsernameNotFoundException("no such user"));
    return new AccountDetails(u);
  }

  /** A signed-in account; carries the principal the rest of the server works with. */
  public static final class AccountDetails extends User {
    private static final long serialVersionUID = 1L;
    // Sessions are stored in the database (shared by every server replica), so this object is serialized: it keeps
    // the role (an enum) and builds the principal, whose Optional fields are not serializable, on demand.
    private final Role role;

    AccountDetails(UserAccount u) {
      super(u.username(), u.passwordHash(), u.enabled(), true, true, true,
          List.of(new SimpleGrantedAuthority(u.role().authority())));
      this.role = u.role();
    }

    public KubewardPrincipal principal() {
      return new KubewardPrincipal(getUsername(), Optional.of(role), KubewardPrincipal.Kind.SESSION, Optional.empty());
    }
  }
}
