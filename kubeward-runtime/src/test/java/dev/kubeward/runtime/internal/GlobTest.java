package dev.kubeward.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GlobTest {
  @Test
  void starAndQuestionMarkMatchLikeAShell() {
    assertThat(Glob.of("/opt/plugins/*").matches("/opt/plugins/bin/run")).isTrue();
    assertThat(Glob.of("web-?").matches("web-1")).isTrue();
    assertThat(Glob.of("web-?").matches("web-12")).isFalse();
    assertThat(Glob.of("*tar*czf*").matches("/bin/tar czf x.tgz /etc")).isTrue();
    assertThat(Glob.of("abc").matches("abcd")).isFalse();
    assertThat(Glob.anyMatches(List.of(), "anything")).isTrue();
  }

  @Test
  void pathologicalPatternsStayFast() {
    String text = "a".repeat(10_000);
    long start = System.nanoTime();
    assertThat(Glob.of("*a*a*a*a*a*a*a*a*b").matches(text)).isFalse();
    assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
  }
}
