package dev.kubeward.cli.db;

import dev.kubeward.advisories.AdvisoryDatabase;
import dev.kubeward.advisories.AdvisoryDatabaseException;
import dev.kubeward.advisories.DatabaseStatus;
import dev.kubeward.cli.CliCommand;
import dev.kubeward.cli.ExitCodes;
import dev.kubeward.cli.UserInputException;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kubeward db status}: sources, counts, last update, age and whether the data is stale. */
@Command(name = "status", description = "Show the database's sources, record counts, last update and age.")
public class DbStatusCommand implements Callable<Integer>, CliCommand {
  @Spec CommandSpec spec;
  @Mixin DbOptions options;

  @Override
  public String parent() {
    return "db";
  }

  @Override
  public Integer call() {
    DatabaseStatus s;
    try {
      s = AdvisoryDatabase.status(options.dir(), options.maxAge(), Clock.systemUTC());
    } catch (AdvisoryDatabaseException e) {
      throw new UserInputException(e.getMessage(), e);
    }
    StatusPrinter.print(s, spec.commandLine().getOut());
    return ExitCodes.OK;
  }
}
