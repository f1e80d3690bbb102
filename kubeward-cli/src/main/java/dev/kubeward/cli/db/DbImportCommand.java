package dev.kubeward.cli.db;

import dev.kubeward.advisories.AdvisoryDatabaseException;
import dev.kubeward.advisories.AdvisoryDatabaseUpdater;
import dev.kubeward.advisories.UpdateResult;
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

/** {@code kubeward db import PATH...}: loads advisory files or an offline bundle, for air-gapped sites. */
@Command(name = "import", description = {"Import advisory files for air-gapped sites: OSV JSON, folders or zips,",
    "the KEV catalogue, EPSS CSV, NVD CVE JSON, or an offline bundle (verified against its checksums)."})
public class DbImportCommand implements Callable<Integer>, CliCommand {
  @Spec CommandSpec spec;
  @Mixin DbOptions options;

  @Parameters(paramLabel = "PATH", arity = "1..*", description = "Files, folders or bundles to import.")
  List<Path> paths;

  @Override
  public String parent() {
    return "db";
  }

  @Override
  public Integer call() {
    UpdateResult r;
    try {
      r = new AdvisoryDatabaseUpdater(options.dir(), options.maxAge(), Clock.systemUTC())
          .withProgress(Progress.of(spec, options.quiet)).importFiles(paths);
    } catch (AdvisoryDatabaseException e) {
      throw new UserInputException(e.getMessage(), e);
    }
    var out = spec.commandLine().getOut();
    out.println("Imported " + r.downloaded().size() + " file(s) into " + r.status().location() + ": "
        + r.status().advisories() + " advisories, " + r.status().kevEntries() + " KEV entries, "
        + r.status().epssScores() + " EPSS scores, " + r.status().nvdCves() + " NVD CVEs; "
        + r.issueCount() + " malformed record(s).");
    r.issues().stream().limit(20).forEach(i -> out.println("  " + i.describe()));
    return ExitCodes.OK;
  }
}
