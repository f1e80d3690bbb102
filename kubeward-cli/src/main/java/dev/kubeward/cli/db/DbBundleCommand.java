package dev.kubeward.cli.db;

import dev.kubeward.advisories.AdvisoryDatabaseException;
import dev.kubeward.advisories.AdvisoryDatabaseUpdater;
import dev.kubeward.advisories.SourceStatus;
import dev.kubeward.cli.CliCommand;
import dev.kubeward.cli.ExitCodes;
import dev.kubeward.cli.UserInputException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kubeward db bundle OUT}: an offline bundle with a checksum manifest, for {@code db import} elsewhere. */
@Command(name = "bundle", description = "Write an offline bundle (zip with a SHA-256 manifest) for 'kubeward db import'.")
public class DbBundleCommand implements Callable<Integer>, CliCommand {
  @Spec CommandSpec spec;
  @Mixin DbOptions options;

  @Parameters(paramLabel = "OUT", description = "The bundle file to write.")
  Path out;

  @Override
  public String parent() {
    return "db";
  }

  @Override
  public Integer call() {
    List<SourceStatus> sources;
    try {
      sources = new AdvisoryDatabaseUpdater(options.dir(), options.maxAge(), Clock.systemUTC()).writeBundle(out);
    } catch (AdvisoryDatabaseException e) {
      throw new UserInputException(e.getMessage(), e);
    }
    spec.commandLine().getOut().println("Wrote " + out + " with " + sources.size() + " source file(s).");
    return ExitCodes.OK;
  }
}
