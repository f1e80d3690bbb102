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
    private final KubewardPrincipal principal;

    AccountDetails(UserAccount u) {
      super(u.username(), u.passwordHash(), u.enabled(), true, true, true,
          List.of(new SimpleGrantedAuthority(u.role().authority())));
      this.principal = new KubewardPrincipal(u.username(), Optional.of(u.role()), KubewardPrincipal.Kind.SESSION,
          Optional.empty());
    }

    public KubewardPrincipal principal() {
      return principal;
    }
  }
}
