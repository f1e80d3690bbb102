package dev.kubeward.server.security;

import dev.kubeward.server.api.ApiException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/me}, {@code /api/v1/users} and {@code /api/v1/tokens}. Users and tokens are for admins only. */
@RestController
public class AccountController {
  private final UserService users;
  private final UserDao userDao;
  private final TokenService tokens;
  private final TokenDao tokenDao;

  public AccountController(UserService users, UserDao userDao, TokenService tokens, TokenDao tokenDao) {
    this.users = users;
    this.userDao = userDao;
    this.tokens = tokens;
    this.tokenDao = tokenDao;
  }

  /** The caller and what its role allows, so that the UI can show only what the caller may do. */
  public record MeView(String name, String role, String authentication, String clusterScope, List<String> mayDo) {}

  /** An account as the API shows it (never the password hash). */
  public record UserView(String id, String username, String role, boolean enabled, Instant createdAt) {
    static UserView of(UserAccount u) {
      return new UserView(u.id(), u.username(), u.role().apiName(), u.enabled(), u.createdAt());
    }
  }

  public record CreateUserRequest(@NotBlank @Size(max = 100) String username, @NotBlank String password,
      @NotBlank String role) {}

  public record UpdateUserRequest(@NotBlank String role, @NotNull Boolean enabled) {}

  public record PasswordRequest(@NotBlank String password) {}

  /** A token as the API lists it: never the secret, only its first characters. */
  public record TokenView(String id, String name, String kind, String hint, String role, String clusterId,
      String createdBy, Instant createdAt, Instant expiresAt, Instant lastUsedAt, Instant revokedAt) {
    static TokenView of(ApiToken t) {
      return new TokenView(t.id(), t.name(), t.kind().name().toLowerCase(), t.hint() + "…",
          t.role().map(Role::apiName).orElse(null), t.clusterId().orElse(null), t.createdBy(), t.createdAt(),
          t.expiresAt().orElse(null), t.lastUsedAt().orElse(null), t.revokedAt().orElse(null));
    }
  }

  public record CreateTokenRequest(@NotBlank @Size(max = 200) String name, @NotBlank String kind, String role,
      String clusterId, Instant expiresAt) {}

  /** The new token, with its secret: shown once, stored only as a hash. */
  public record CreatedTokenView(TokenView token, String secret) {}

  @GetMapping("/api/v1/me")
  public MeView me() {
    KubewardPrincipal p = CurrentUser.get();
    List<String> may = new java.util.ArrayList<>(List.of("read"));
    if (p.has(Role.CONTRIBUTOR)) may.addAll(List.of("assignOwner", "changeRecommendationStatus", "addException"));
    if (p.has(Role.CONTRIBUTOR)) may.add("applyQuickFix");
    if (p.has(Role.SECURITY_ADMIN)) may.addAll(List.of("changeAlertStatus", "manageSuppressionRules", "manageSettings"));
    if (p.has(Role.SECURITY_ADMIN)) may.addAll(List.of("manageRules", "manageAdmissionPolicies"));
    if (p.has(Role.ADMIN)) may.addAll(List.of("manageUsers", "manageTokens"));
    return new MeView(p.name(), p.role().map(Role::apiName).orElse(null), p.kind().name().toLowerCase(),
        p.clusterScope().orElse(null), may);
  }

  @GetMapping("/api/v1/users")
  public List<UserView> listUsers() {
    CurrentUser.require(Role.ADMIN);
    return userDao.all().stream().map(UserView::of).toList();
  }

  @PostMapping("/api/v1/users")
  @ResponseStatus(HttpStatus.CREATED)
  public UserView createUser(@Valid @RequestBody CreateUserRequest body) {
    CurrentUser.require(Role.ADMIN);
    return UserView.of(users.create(body.username(), body.password(), Role.parse(body.role()), CurrentUser.name()));
  }

  @PutMapping("/api/v1/users/{id}")
  public UserView updateUser(@PathVariable String id, @Valid @RequestBody UpdateUserRequest body) {
    CurrentUser.require(Role.ADMIN);
    return UserView.of(users.update(id, Role.parse(body.role()), body.enabled(), CurrentUser.name()));
  }

  @PostMapping("/api/v1/users/{id}/password")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  public void setPassword(@PathVariable String id, @Valid @RequestBody PasswordRequest body) {
    CurrentUser.require(Role.ADMIN);
    users.setPassword(id, body.password(), CurrentUser.name());
  }

  @GetMapping("/api/v1/tokens")
  public List<TokenView> listTokens() {
    CurrentUser.require(Role.ADMIN);
    return tokenDao.all().stream().map(TokenView::of).toList();
  }

  @PostMapping("/api/v1/tokens")
  @ResponseStatus(HttpStatus.CREATED)
  public CreatedTokenView createToken(@Valid @RequestBody CreateTokenRequest body) {
    KubewardPrincipal caller = CurrentUser.require(Role.ADMIN);
    if (caller.clusterScope().isPresent()) {
      throw ApiException.forbidden("a cluster-scoped token cannot create tokens");
    }
    ApiToken.Kind kind = switch (body.kind().toLowerCase()) {
      case "api" -> ApiToken.Kind.API;
      case "ingestion" -> ApiToken.Kind.INGESTION;
      default -> throw ApiException.badRequest("unknown token kind '" + body.kind() + "'; expected api or ingestion");
    };
    TokenService.Created created = tokens.create(body.name(), kind, Optional.ofNullable(body.role()).map(Role::parse),
        Optional.ofNullable(body.clusterId()), Optional.ofNullable(body.expiresAt()), caller.name());
    return new CreatedTokenView(TokenView.of(created.token()), created.secret());
  }

  @DeleteMapping("/api/v1/tokens/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  public void revokeToken(@PathVariable String id) {
    CurrentUser.require(Role.ADMIN);
    tokens.revoke(id, CurrentUser.name());
  }
}
