package dev.kubeward.cli.posture;

import dev.kubeward.cli.CliCommand;
import dev.kubeward.cli.ExitCodes;
import dev.kubeward.cli.UserInputException;
import dev.kubeward.inventory.LoadProblem;
import dev.kubeward.posture.Finding;
import dev.kubeward.posture.ManifestFixer;
import dev.kubeward.posture.PostureEngine;
import dev.kubeward.posture.RuleSet;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code kubeward fix manifests PATH --rule ID}: applies a rule's quick fix to manifests. Prints the patched file
 * (one file) or writes files in place with {@code --in-place}.
 */
@Command(name = "manifests", description = "Apply a rule's quick fix to manifest files.")
public class FixManifestsCommand implements Callable<Integer>, CliCommand {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Manifest files or folders.")
  List<Path> paths;

  @Option(names = "--rule", required = true, paramLabel = "ID", description = "The rule whose fix to apply.")
  String rule;

  @Option(names = {"-i", "--in-place"}, description = "Rewrite the files instead of printing the patched text.")
  boolean inPlace;

  @Option(names = "--rules", paramLabel = "DIR", description = "Extra rule files; repeatable.")
  List<Path> rules;

  @Override
  public String parent() {
    return "fix";
  }

  @Override
  public Integer call() throws IOException {
    RuleSet set = RuleSource.load(rules);
    if (set.rule(rule).isEmpty()) {
      throw new UserInputException("no rule with id " + rule);
    }
    if (set.rule(rule).get().quickFix().isEmpty()) {
      throw new UserInputException(rule + " has no quick fix; see 'kubeward rules show " + rule + "' for the remediation");
    }
    List<Path> files = new java.util.ArrayList<>();
    for (Path p : paths) {
      if (!Files.exists(p)) {
        throw new UserInputException("no such file or folder: " + p);
      }
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.walk(p)) {
          s.filter(Files::isRegularFile).filter(f -> {
            String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
            return n.endsWith(".yaml") || n.endsWith(".yml");
          }).sorted().forEach(files::add);
        }
      } else {
        files.add(p);
      }
    }
    if (!inPlace && files.size() > 1) {
      throw new UserInputException("several files given: use --in-place, or name one file to print its patched text");
    }
    ManifestFixer fixer = new ManifestFixer(new PostureEngine(set));
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int fixed = 0;
    for (Path f : files) {
      ManifestFixer.Result result = fixer.fix(f, rule);
      for (ManifestFixer.AppliedFix a : result.applied()) {
        err.println("fixed " + a.resource().key() + (a.container().isEmpty() ? "" : " [" + a.container() + "]") + " in "
            + f + ": " + a.description());
      }
      for (Finding u : result.unfixable()) {
        err.println("not fixed automatically: " + u.resource().key() + " in " + f + ": " + u.message());
      }
      for (LoadProblem p : result.problems()) {
        err.println("error: " + p);
      }
      fixed += result.applied().size();
      if (inPlace) {
        if (result.changed()) {
          Files.writeString(f, result.text());
        }
      } else {
        out.print(result.text());
      }
    }
    err.println(fixed + " fix(es) applied");
    out.flush();
    err.flush();
    return ExitCodes.OK;
  }
}
