package dev.kubeward.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pull-secret content ({@code .dockerconfigjson} and the legacy {@code .dockercfg}) as Kubernetes stores it, including
 * malformed and hostile input: every error names what is wrong and never echoes the secret.
 */
class DockerConfigParsingTest {
  static final String SECRET = "s3cret-Passw0rd";

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void dockerConfigJsonWithAuthUsernamePasswordAndIdentityToken() {
    Map<String, RegistryCredentials.Credential> c = RegistryCredentials.parseDockerConfig("""
        {"auths": {
          "registry.example.com:5000": {"auth": "%s"},
          "https://index.docker.io/v1/": {"username": "hub", "password": "p"},
          "*.azurecr.io": {"identitytoken": "tok"},
          "empty.example.com": {},
          "notanobject.example.com": "x"}}
        """.formatted(b64("kubeward:" + SECRET + ":with-colon")), true);
    assertThat(c.keySet()).containsExactly("registry.example.com:5000", "https://index.docker.io/v1/", "*.azurecr.io");
    assertThat(c.get("registry.example.com:5000").username()).isEqualTo("kubeward");
    assertThat(c.get("registry.example.com:5000").password()).isEqualTo(SECRET + ":with-colon");
    assertThat(c.get("*.azurecr.io").identityToken()).isEqualTo("tok");
    assertThat(c.get("registry.example.com:5000").toString()).doesNotContain(SECRET);
  }

  @Test
  void legacyDockercfgIsAFlatMap() {
    String cfg = "{\"registry.example.com\": {\"auth\": \"" + b64("u:" + SECRET) + "\", \"email\": \"x@y\"}}";
    assertThat(RegistryCredentials.parseDockerConfig(cfg, false).get("registry.example.com").password())
        .isEqualTo(SECRET);
    assertThatThrownBy(() -> RegistryCredentials.parseDockerConfig(cfg, true))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("docker config has no 'auths'");
  }

  @Test
  void malformedInputIsRefusedWithoutEchoingIt() {
    Map<String, String> cases = Map.of(
        "{\"auths\": {\"r.example.com\": {\"auth\": \"" + SECRET + "!!!\"}}}", "is not base64",
        "{\"auths\": {\"r.example.com\": {\"auth\": \"" + b64(SECRET) + "\"}}}", "without user:password",
        "{\"auths\": {\"r.example.com\": {\"password\": \"" + SECRET + "\"", "not valid JSON",
        "{\"auths\": \"" + SECRET + "\"}", "'auths' must be an object",
        "[\"" + SECRET + "\"]", "must be a JSON object",
        "\"" + SECRET + "\"", "must be a JSON object",
        "   ", "is empty");
    cases.forEach((input, expected) -> assertThatThrownBy(() -> RegistryCredentials.parseDockerConfig(input, true))
        .as(expected).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(expected)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain(b64(SECRET))));
  }

  @Test
  void hugeAndDeeplyNestedInputIsRefused() {
    String huge = "{\"auths\": {\"r.example.com\": {\"auth\": \"" + "A".repeat(2 * 1024 * 1024) + "\"}}}";
    assertThatThrownBy(() -> RegistryCredentials.parseDockerConfig(huge, true))
        .hasMessage("docker config is larger than 1 MiB");
    String deep = "{\"auths\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}";
    assertThatThrownBy(() -> RegistryCredentials.parseDockerConfig(deep, true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid JSON");
    // Many entries within the size limit are fine and fast.
    StringBuilder many = new StringBuilder("{\"auths\": {");
    for (int i = 0; i < 10_000; i++) {
      many.append(i == 0 ? "" : ",").append("\"r").append(i).append(".example.com\": {\"auth\": \"")
          .append(b64("u:p")).append("\"}");
    }
    assertThat(RegistryCredentials.parseDockerConfig(many.append("}}").toString(), true)).hasSize(10_000);
  }
}
