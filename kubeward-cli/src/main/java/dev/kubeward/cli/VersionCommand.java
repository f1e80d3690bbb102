package dev.kubeward.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code kubeward version}: the version of this build. */
@Command(name = "version", description = "Print the version of Kubeward.")
public class VersionCommand implements Callable<Integer>, CliCommand {
  @Spec CommandSpec spec;

  @Override
  public String parent() {
    return "";
  }

  @Override
  public Integer call() {
    spec.commandLine().getOut().println("kubeward " + version());
    return ExitCodes.OK;
  }

  /** The version baked in at build time. */
  public static String version() {
    try (InputStream in = VersionCommand.class.getResourceAsStream("/kubeward-version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** Supplies {@code kubeward --version}. */
  public static class Provider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"kubeward " + version()};
    }
  }
}
