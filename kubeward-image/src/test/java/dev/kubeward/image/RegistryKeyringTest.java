package dev.kubeward.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pull-secret keys matched to images the way the kubelet's keyring does. */
class RegistryKeyringTest {
  static boolean m(String key, String image) {
    return RegistryKeyring.matches(key, ImageReference.parse(image));
  }

  @Test
  void dockerHubAliasesAreOneRegistry() {
    for (String key : new String[] {"docker.io", "index.docker.io", "https://index.docker.io/v1/",
        "registry-1.docker.io", "registry.hub.docker.com", "HTTPS://INDEX.DOCKER.IO/v1/"}) {
      assertThat(m(key, "nginx:1.25")).as(key).isTrue();
      assertThat(m(key, "docker.io/library/nginx:1.25")).as(key).isTrue();
      assertThat(m(key, "index.docker.io/team/app@sha256:" + "a".repeat(64))).as(key).isTrue();
      assertThat(m(key, "quay.io/team/app:1")).as(key).isFalse();
    }
    // A path under Docker Hub is a repository prefix, not an API path.
    assertThat(m("docker.io/team", "team/app:1")).isTrue();
    assertThat(m("docker.io/team", "other/app:1")).isFalse();
  }

  @Test
  void portsMustBeEqual() {
    assertThat(m("registry.example.com:5000", "registry.example.com:5000/app:1")).isTrue();
    assertThat(m("registry.example.com", "registry.example.com:5000/app:1")).isFalse();
    assertThat(m("registry.example.com:5000", "registry.example.com/app:1")).isFalse();
    assertThat(m("registry.example.com:5001", "registry.example.com:5000/app:1")).isFalse();
    assertThat(m("127.0.0.1:5000", "127.0.0.1:5000/app:1")).isTrue();
    assertThat(m("http://127.0.0.1:5000", "127.0.0.1:5000/app:1")).isTrue();
  }

  @Test
  void wildcardsMatchOneHostPartEach() {
    assertThat(m("*.example.com", "a.example.com/app:1")).isTrue();
    assertThat(m("*.example.com", "a.b.example.com/app:1")).isFalse();
    assertThat(m("*.example.com", "example.com/app:1")).isFalse();
    assertThat(m("*.*.example.com", "a.b.example.com/app:1")).isTrue();
    assertThat(m("reg-?.example.com", "reg-1.example.com/app:1")).isTrue();
    assertThat(m("reg-[0-3].example.com", "reg-2.example.com/app:1")).isTrue();
    assertThat(m("reg-[0-3].example.com", "reg-7.example.com/app:1")).isFalse();
    assertThat(m("*.azurecr.io", "myregistry.azurecr.io/app:1")).isTrue();
    assertThat(m("evil.com", "example.com/app:1")).isFalse();
    assertThat(m("example.com.evil.com", "example.com/app:1")).isFalse();
  }

  @Test
  void pathsArePrefixesOfTheRepository() {
    assertThat(m("registry.example.com/team", "registry.example.com/team/app:1")).isTrue();
    assertThat(m("registry.example.com/team/", "registry.example.com/team/app:1")).isTrue();
    assertThat(m("registry.example.com/team", "registry.example.com/other/app:1")).isFalse();
  }

  @Test
  void candidatesComeMostSpecificFirstAndKeepTheOrderOfEqualKeys() {
    RegistryCredentials.Credential podA = new RegistryCredentials.Credential("a", "pa", "");
    RegistryCredentials.Credential wildcard = new RegistryCredentials.Credential("w", "pw", "");
    RegistryCredentials.Credential team = new RegistryCredentials.Credential("t", "pt", "");
    RegistryCredentials.Credential saB = new RegistryCredentials.Credential("b", "pb", "");
    Map<String, RegistryCredentials.Credential> pod = new LinkedHashMap<>();
    pod.put("*.example.com", wildcard);
    pod.put("reg.example.com", podA);
    pod.put("reg.example.com/team", team);
    RegistryKeyring keyring = new RegistryKeyring().add(pod, "shop/pod-secret")
        .add(Map.of("reg.example.com", saB), "shop/sa-secret")
        .add(Map.of("other.io", saB), "shop/other");
    assertThat(keyring.candidates(ImageReference.parse("reg.example.com/team/app:1")))
        .extracting(e -> e.credential().username() + "@" + e.source())
        .containsExactly("t@shop/pod-secret", "a@shop/pod-secret", "b@shop/sa-secret", "w@shop/pod-secret");
    assertThat(keyring.candidates(ImageReference.parse("nginx:1"))).isEmpty();
  }

  @Test
  void hostileKeysDoNotMatchAndDoNotHang() {
    assertThat(m("", "example.com/app:1")).isFalse();
    assertThat(m("://", "example.com/app:1")).isFalse();
    assertThat(m("[unclosed.example.com", "a.example.com/app:1")).isFalse();
    String stars = "*a".repeat(5_000) + "b";
    long start = System.nanoTime();
    assertThat(RegistryKeyring.glob(stars, "a".repeat(10_000))).isFalse();
    assertThat(System.nanoTime() - start).as("matching time").isLessThan(5_000_000_000L);
    assertThat(RegistryKeyring.glob("*", "")).isTrue();
    assertThat(RegistryKeyring.glob("a*b*c", "aXXbYYc")).isTrue();
  }
}
