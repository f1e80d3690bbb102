package dev.kubeward.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class KubewardCliTest {

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = KubewardCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void versionPrintsTheBuildVersion() {
    Result r = run("version");
    assertThat(r.code()).isZero();
    assertThat(r.out()).matches("kubeward \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R");
  }

  @Test
  void unknownCommandsAndOptionsAreUsageErrorsWithOneLineAndAHint() {
    Result r = run("scna");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err().lines().findFirst()).hasValueSatisfying(l -> assertThat(l).startsWith("kubeward: "));
    assertThat(r.err()).contains("Try 'kubeward --help'");
    assertThat(run("serve", "--port", "abc").code()).isEqualTo(ExitCodes.USAGE);
    assertThat(run("serve", "--port", "70000", "--no-wait").err()).contains("port must be between 0 and 65535");
  }

  @Test
  void helpListsTheRegisteredCommands() {
    Result r = run("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("serve").contains("version").contains("Exit codes");
  }

  @Command(name = "group")
  static class Group implements CliCommand, Runnable {
    public String parent() { return ""; }
    public void run() {}
  }

  @Command(name = "leaf")
  static class Leaf implements CliCommand, Runnable {
    public String parent() { return "group"; }
    public void run() {}
  }

  @Command(name = "orphan")
  static class Orphan implements CliCommand, Runnable {
    public String parent() { return "missing"; }
    public void run() {}
  }

  @Test
  void theRegistryNestsCommandsUnderTheirParentsWhateverTheOrder() {
    CommandLine cli = CommandRegistry.build(new KubewardCli(), List.of(new Leaf(), new Group()));
    assertThat(cli.getSubcommands().get("group").getSubcommands()).containsKey("leaf");
    assertThatThrownBy(() -> CommandRegistry.build(new KubewardCli(), List.of(new Orphan())))
        .hasMessageContaining("names parent 'missing'");
  }
}
