package dev.kubeward.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Entry point of the {@code kubeward} executable. */
@Command(
    name = "kubeward",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = "Security dashboard and scanner for Kubernetes clusters.",
    footer = {"", "Exit codes: 0 success, 1 findings at or above --fail-on, 2 usage or input error, 3 internal error."})
public class KubewardCli implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    int code = execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    if (code != ServeCommand.KEEP_RUNNING) {
      System.exit(code);
    }
  }

  /** Runs a command line and returns its exit code; the server's {@code serve} returns only when it stops. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = CommandRegistry.build(new KubewardCli());
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setParameterExceptionHandler((ex, a) -> {
      err.println("kubeward: " + ex.getMessage());
      err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
      return ExitCodes.USAGE;
    });
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      if (ex instanceof UserInputException) {
        err.println("kubeward: " + ex.getMessage());
        return ExitCodes.USAGE;
      }
      err.println("kubeward: internal error: " + ex);
      if (Boolean.getBoolean("kubeward.debug") || System.getenv("KUBEWARD_DEBUG") != null) {
        ex.printStackTrace(err);
      }
      return ExitCodes.INTERNAL;
    });
    return cli.execute(args);
  }
}
