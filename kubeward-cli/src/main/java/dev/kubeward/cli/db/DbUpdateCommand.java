package dev.kubeward.cli.db;

import dev.kubeward.advisories.AdvisoryDatabaseException;
import dev.kubeward.advisories.AdvisoryDatabaseUpdater;
import dev.kubeward.advisories.UpdateResult;
import dev.kubeward.advisories.UpdateSettings;
import dev.kubeward.cli.CliCommand;
import dev.kubeward.cli.ExitCodes;
import dev.kubeward.cli.UserInputException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kubeward db update}: downloads OSV, KEV, EPSS and NVD data, conditionally, and swaps the database in. */
@Command(name = "update", description = {"Download advisories (OSV, CISA KEV, FIRST EPSS, NVD) and replace the database",
    "atomically; unchanged files are not downloaded again. A failed update keeps the previous database."})
public class DbUpdateCommand implements Callable<Integer>, CliCommand {
  @Spec CommandSpec spec;
  @Mixin DbOptions options;

  @Option(names = "--mirror", paramLabel = "URL",
      description = "Base URL serving every source in the mirror layout (osv/ECOSYSTEM/all.zip, kev/..., epss/..., nvd/...);"
          + " also KUBEWARD_DB_MIRROR. A file: URL works for a mounted folder.")
  URI mirror;

  @Option(names = "--source-mirror", paramLabel = "SOURCE=URL", description = "Base URL for one source (osv, kev, epss, nvd).")
  Map<String, URI> sourceMirrors = new LinkedHashMap<>();

  @Option(names = "--ecosystem", paramLabel = "NAME", description = "OSV ecosystem to download (repeatable; default: all known).")
  List<String> ecosystems = new ArrayList<>();

  @Option(names = "--skip", paramLabel = "SOURCE", description = "Source not to download (repeatable), e.g. nvd.")
  List<String> skip = new ArrayList<>();

  @Option(names = "--nvd-from", paramLabel = "YEAR", defaultValue = "2002", description = "First year of NVD feeds (default: ${DEFAULT-VALUE}).")
  int nvdFrom;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300", description = "Network timeout (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Override
  public String parent() {
    return "db";
  }

  @Override
  public Integer call() {
    URI base = mirror;
    if (base == null && System.getenv("KUBEWARD_DB_MIRROR") != null && !System.getenv("KUBEWARD_DB_MIRROR").isBlank()) {
      base = URI.create(System.getenv("KUBEWARD_DB_MIRROR"));
    }
    UpdateSettings settings = new UpdateSettings(Optional.ofNullable(base), sourceMirrors, ecosystems,
        new HashSet<>(skip), nvdFrom, Duration.ofSeconds(timeoutSeconds));
    UpdateResult r;
    try {
      r = new AdvisoryDatabaseUpdater(options.dir(), options.maxAge(), Clock.systemUTC())
          .withProgress(Progress.of(spec, options.quiet)).update(settings);
    } catch (AdvisoryDatabaseException e) {
      throw new UserInputException(e.getMessage(), e);
    }
    var out = spec.commandLine().getOut();
    out.println("Updated " + r.status().location() + ": " + r.downloaded().size() + " downloaded, "
        + r.unchanged().size() + " unchanged, " + r.notPublished().size() + " not published; "
        + r.status().advisories() + " advisories, " + r.issueCount() + " malformed record(s).");
    return ExitCodes.OK;
  }
}
