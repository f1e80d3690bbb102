package dev.kubeward.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageReferenceTest {
  @Test
  void dockerHubShortNamesExpand() {
    assertThat(ImageReference.parse("alpine")).isEqualTo(
        new ImageReference("registry-1.docker.io", "library/alpine", "latest", ""));
    assertThat(ImageReference.parse("docker.io/bitnami/nginx:1.25").repository()).isEqualTo("bitnami/nginx");
  }

  @Test
  void registriesWithPortsTagsAndDigests() {
    String digest = "sha256:" + "a".repeat(64);
    ImageReference r = ImageReference.parse("127.0.0.1:5000/team/app:v1@" + digest);
    assertThat(r.registry()).isEqualTo("127.0.0.1:5000");
    assertThat(r.repository()).isEqualTo("team/app");
    assertThat(r.tag()).isEqualTo("v1");
    assertThat(r.manifestReference()).isEqualTo(digest);
    assertThat(ImageReference.parse("localhost/app").registry()).isEqualTo("localhost");
    assertThat(ImageReference.parse("ghcr.io/org/app@" + digest).tag()).isEmpty();
  }

  @Test
  void malformedReferencesAreRefused() {
    for (String bad : new String[] {"", "UPPER/case", "app:bad tag", "app@sha256:xyz", "a//b"}) {
      assertThatThrownBy(() -> ImageReference.parse(bad)).isInstanceOf(ImageException.class)
          .satisfies(e -> assertThat(((ImageException) e).kind()).isEqualTo(ImageException.Kind.BAD_INPUT));
    }
  }

  @Test
  void platformsMatchWithVariants() {
    assertThat(Platform.parse("linux/arm64").accepts(new Platform("linux", "arm64", "v8"))).isTrue();
    assertThat(Platform.parse("linux/arm/v7").accepts(new Platform("linux", "arm", "v6"))).isFalse();
    assertThat(Platform.LINUX_AMD64.accepts(new Platform("linux", "arm64", ""))).isFalse();
    assertThatThrownBy(() -> Platform.parse("linux")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void credentialsFromDockerConfigAndPullSecrets() {
    RegistryCredentials c = RegistryCredentials.none()
        .addDockerConfigJson("{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"dXNlcjpwYXNz\"},"
            + "\"registry.example.com\":{\"username\":\"u\",\"password\":\"p:w\"}}}")
        .addDockerConfigJson("{\"legacy.example.com\":{\"auth\":\"YTpi\"}}");
    assertThat(c.forRegistry("registry-1.docker.io")).map(RegistryCredentials.Credential::username).contains("user");
    assertThat(c.forRegistry("registry.example.com")).map(RegistryCredentials.Credential::password).contains("p:w");
    assertThat(c.forRegistry("legacy.example.com")).map(RegistryCredentials.Credential::password).contains("b");
    assertThat(c.forRegistry("other.example.com")).isEmpty();
    assertThat(c.forRegistry("registry.example.com").orElseThrow().toString()).doesNotContain("p:w");
    assertThatThrownBy(() -> RegistryCredentials.none().addDockerConfigJson("{\"auths\":{\"x\":{\"auth\":\"!!!\"}}}"))
        .hasMessageContaining("not base64");
    assertThatThrownBy(() -> RegistryCredentials.none().addDockerConfigJson("{nope")).hasMessageContaining("not valid JSON");
  }
}
