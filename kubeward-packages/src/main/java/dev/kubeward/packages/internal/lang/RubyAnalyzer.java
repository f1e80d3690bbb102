package dev.kubeward.packages.internal.lang;

import dev.kubeward.model.InstalledPackage;
import dev.kubeward.packages.AnalyzerInput;
import dev.kubeward.packages.AnalyzerResult;
import dev.kubeward.packages.CandidateFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ruby gems: installed gem specifications ({@code specifications/NAME-VERSION.gemspec}, which RubyGems writes in a
 * fixed shape) and {@code Gemfile.lock} ({@code GEM} section specs).
 */
public final class RubyAnalyzer extends LangPackages.ByName {
  private static final Pattern SPEC_NAME = Pattern.compile("^\\s*\\w+\\.name\\s*=\\s*[\"']([^\"']+)[\"']");
  private static final Pattern SPEC_VERSION = Pattern.compile(
      "^\\s*\\w+\\.version\\s*=\\s*(?:Gem::Version\\.new\\()?\\s*[\"']([^\"']+)[\"']");
  private static final Pattern SPEC_LICENSE = Pattern.compile("^\\s*\\w+\\.licenses?\\s*=\\s*\\[?\\s*[\"']([^\"']+)[\"']");
  private static final Pattern LOCK_SPEC = Pattern.compile("^ {4}([^\\s(]+) \\(([^)]+)\\)$");

  @Override
  public String name() {
    return "ruby";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public boolean accepts(CandidateFile f) {
    return f.fileName().equals("Gemfile.lock")
        || f.fileName().endsWith(".gemspec") && f.directory().endsWith("specifications");
  }

  @Override
  public AnalyzerResult analyze(AnalyzerInput input) throws IOException {
    return input.file().fileName().equals("Gemfile.lock") ? lock(input) : gemspec(input);
  }

  private static AnalyzerResult gemspec(AnalyzerInput input) throws IOException {
    String name = "";
    String version = "";
    String license = "";
    try (BufferedReader r = new BufferedReader(new InputStreamReader(input.open(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        Matcher m;
        if (name.isEmpty() && (m = SPEC_NAME.matcher(line)).find()) {
          name = m.group(1);
        } else if (version.isEmpty() && (m = SPEC_VERSION.matcher(line)).find()) {
          version = m.group(1);
        } else if (license.isEmpty() && (m = SPEC_LICENSE.matcher(line)).find()) {
          license = m.group(1);
        }
      }
    }
    if (name.isEmpty() || version.isEmpty()) {
      return new AnalyzerResult(List.of(), null, 0, List.of("no name or version in the gemspec"));
    }
    return AnalyzerResult.of(List.of(LangPackages.gem(name, version, license.isEmpty() ? List.of() : List.of(license))));
  }

  private static AnalyzerResult lock(AnalyzerInput input) throws IOException {
    List<InstalledPackage> out = new ArrayList<>();
    boolean inGem = false;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(input.open(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.startsWith(" ")) {
          inGem = line.equals("GEM");
          continue;
        }
        if (!inGem) {
          continue;
        }
        Matcher m = LOCK_SPEC.matcher(line);
        if (m.matches()) {
          String version = m.group(2);
          int dash = version.indexOf('-');
          // "1.13.1-x86_64-linux": the platform suffix is not part of the version.
          if (dash > 0 && !Character.isDigit(version.charAt(dash + 1))) {
            version = version.substring(0, dash);
          }
          out.add(LangPackages.gem(m.group(1), version, List.of()));
        }
      }
    }
    return AnalyzerResult.of(out);
  }
}
