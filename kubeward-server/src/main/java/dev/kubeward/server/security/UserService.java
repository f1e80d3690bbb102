package dev.kubeward.server.security;

import dev.kubeward.server.activity.ActivityLog;
import dev.kubeward.server.api.ApiException;
import dev.kubeward.server.db.IdGenerator;
import java.time.Clock;
import java.util.regex.Pattern;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates and changes local accounts; keeps at least one enabled admin. */
@Service
public class UserService {
  /** Passwords shorter than this are refused. */
  public static final int MIN_PASSWORD_LENGTH = 12;

  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");

  private final UserDao users;
  private final PasswordEncoder encoder;
  private final ActivityLog activity;
  private final IdGenerator ids;
  private final Clock clock;

  public UserService(UserDao users, PasswordEncoder encoder, ActivityLog activity, IdGenerator ids, Clock clock) {
    this.users = users;
    this.encoder = encoder;
    this.activity = activity;
    this.ids = ids;
    this.clock = clock;
  }

  public boolean anyUserExists() {
    return users.count() > 0;
  }

  @Transactional
  public UserAccount create(String username, String password, Role role, String actor) {
    if (username == null || !USERNAME.matcher(username).matches()) {
      throw ApiException.badRequest("'username' must be 1-100 letters, digits or . _ @ - and start with a letter or digit");
    }
    checkPassword(password);
    if (users.findByUsername(username).isPresent()) {
      throw ApiException.conflict("user '" + username + "' already exists");
    }
    UserAccount u = new UserAccount(ids.newId(), username, encoder.encode(password), role, true, clock.instant());
    users.insert(u);
    activity.record(actor, "user.create", "user", u.id(), username + " as " + role.apiName());
    return u;
  }

  @Transactional
  public UserAccount update(String id, Role role, boolean enabled, String actor) {
    UserAccount u = users.find(id).orElseThrow(() -> ApiException.notFound("user", id));
    boolean losesAdmin = u.role() == Role.ADMIN && u.enabled() && (role != Role.ADMIN || !enabled);
    if (losesAdmin && users.countEnabledAdmins() <= 1) {
      throw ApiException.conflict("cannot remove the last enabled admin");
    }
    users.updateRoleAndEnabled(id, role, enabled);
    activity.record(actor, "user.update", "user", id, u.username() + ": role " + role.apiName() + ", enabled " + enabled);
    return users.find(id).orElseThrow();
  }

  @Transactional
  public void setPassword(String id, String password, String actor) {
    UserAccount u = users.find(id).orElseThrow(() -> ApiException.notFound("user", id));
    checkPassword(password);
    users.updatePassword(id, encoder.encode(password));
    activity.record(actor, "user.password", "user", id, "password changed for " + u.username());
  }

  private static void checkPassword(String password) {
    if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
      throw ApiException.badRequest("'password' must have at least " + MIN_PASSWORD_LENGTH + " characters");
    }
    if (password.length() > 72) {
      // bcrypt ignores everything after 72 bytes; refuse rather than silently truncate.
      throw ApiException.badRequest("'password' must have at most 72 characters");
    }
  }
}
