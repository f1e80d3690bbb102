package dev.kubeward.cli.version;

import dev.kubeward.advisories.InvalidVersionException;
import dev.kubeward.advisories.VersionComparator;
import dev.kubeward.advisories.VersionComparators;
import dev.kubeward.cli.CliCommand;
import dev.kubeward.cli.ExitCodes;
import dev.kubeward.cli.UserInputException;
import dev.kubeward.model.Ecosystem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kubeward version compare --ecosystem E}: reads "A B" lines and prints -1, 0 or 1 for each, to check the
 * comparators against a distribution's own tools ({@code dpkg --compare-versions}, {@code rpmdev-vercmp}).
 */
@Command(name = "compare", description = {"Compare versions: reads lines 'A B' on standard input and prints -1, 0 or 1",
    "for each (A older, equal, newer). A line with an invalid version prints 'invalid: ...' and the exit code is 2."})
public class VersionCompareCommand implements Callable<Integer>, CliCommand {
  @Spec CommandSpec spec;

  @Option(names = {"-e", "--ecosystem"}, required = true, paramLabel = "E",
      description = "OSV ecosystem (Debian, Alpine, AlmaLinux, npm, PyPI, Go, Maven, ...) or scheme (dpkg, rpm, apk, semver, pep440, maven, rubygems, nuget, composer).")
  String ecosystem;

  @Override
  public String parent() {
    return "version";
  }

  @Override
  public Integer call() throws IOException {
    VersionComparator comparator = comparator(ecosystem);
    PrintWriter out = spec.commandLine().getOut();
    boolean invalid = false;
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    int n = 0;
    while ((line = in.readLine()) != null) {
      n++;
      if (line.isBlank()) {
        continue;
      }
      String[] parts = line.trim().split("\\s+");
      if (parts.length != 2) {
        out.println("invalid: line " + n + " needs two versions");
        invalid = true;
        continue;
      }
      try {
        out.println(Integer.signum(comparator.compare(parts[0], parts[1])));
      } catch (InvalidVersionException e) {
        out.println("invalid: " + e.getMessage());
        invalid = true;
      }
    }
    out.flush();
    return invalid ? ExitCodes.USAGE : ExitCodes.OK;
  }

  static VersionComparator comparator(String name) {
    var eco = Ecosystem.fromOsvName(name);
    if (eco.isPresent()) {
      return VersionComparators.forEcosystem(eco.get());
    }
    try {
      return VersionComparators.forScheme(Ecosystem.VersionScheme.valueOf(name.trim().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      throw new UserInputException("unknown ecosystem '" + name + "'; use an OSV ecosystem name ("
          + Arrays.stream(Ecosystem.values()).map(Ecosystem::osvName).collect(Collectors.joining(", "))
          + ") or a scheme (" + Arrays.stream(Ecosystem.VersionScheme.values()).map(s -> s.name().toLowerCase(Locale.ROOT))
          .collect(Collectors.joining(", ")) + ")");
    }
  }
}
