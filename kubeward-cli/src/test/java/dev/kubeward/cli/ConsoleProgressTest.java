package dev.kubeward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.model.ProgressListener;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {

  @Test
  void pipelinesAndQuietRunsGetNoProgress() {
    StringWriter err = new StringWriter();
    assertThat(ConsoleProgress.create(false, false, new PrintWriter(err))).isSameAs(ProgressListener.NONE);
    assertThat(ConsoleProgress.create(true, true, new PrintWriter(err))).isSameAs(ProgressListener.NONE);
  }

  @Test
  void aTerminalSeesOneUpdatingLinePerTaskEndingWithANewline() {
    StringWriter err = new StringWriter();
    ProgressListener p = ConsoleProgress.create(false, true, new PrintWriter(err));
    p.progress("layer sha256:ab", 1, 3);
    p.progress("layer sha256:ab", 2, 3); // throttled: same task within 100 ms
    p.progress("layer sha256:ab", 3, 3); // the end is always shown
    assertThat(err.toString()).isEqualTo("\r\033[2Klayer sha256:ab 1/3\r\033[2Klayer sha256:ab 3/3\n");
  }
}
