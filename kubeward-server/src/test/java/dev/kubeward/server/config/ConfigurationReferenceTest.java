package dev.kubeward.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/CONFIGURATION.md is what the code declares; refresh with {@code -Dgolden.update=true}. */
class ConfigurationReferenceTest {
  static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  static final Path DOC = ROOT.resolve("docs/CONFIGURATION.md");

  @Test
  void committedReferenceIsCurrent() throws Exception {
    String generated = new ConfigurationReference(ROOT).render();
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(DOC, generated);
    }
    assertThat(generated).contains("| `findings.dueDays.critical`").contains("| `kubeward.jobs.runner.concurrency` | `KUBEWARD_JOBS_RUNNER_CONCURRENCY` |")
        .contains("| `kubeward.notify.email.port` | `KUBEWARD_NOTIFY_EMAIL_PORT` | `587` |")
        .contains("| `KUBEWARD_DB_URL` |").doesNotContain("(undocumented");
    assertThat(Files.exists(DOC)).as(DOC + " exists").isTrue();
    assertThat(Files.readString(DOC)).as("docs/CONFIGURATION.md is stale: run the test with -Dgolden.update=true")
        .isEqualTo(generated);
  }

  @Test
  void environmentNamesFollowSpringsRelaxedBinding() {
    assertThat(ConfigurationReference.envName("kubeward.api.max-body-bytes")).isEqualTo("KUBEWARD_API_MAXBODYBYTES");
    assertThat(ConfigurationReference.kebab("backoffInitial")).isEqualTo("backoff-initial");
  }
}
