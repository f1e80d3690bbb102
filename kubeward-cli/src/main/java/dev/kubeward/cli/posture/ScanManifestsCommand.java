package dev.kubeward.cli.posture;

import dev.kubeward.cli.CliCommand;
import dev.kubeward.cli.UserInputException;
import dev.kubeward.inventory.ManifestLoader;
import dev.kubeward.inventory.ManifestSet;
import dev.kubeward.posture.PostureEngine;
import dev.kubeward.posture.RuleSet;
import dev.kubeward.posture.ScanReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kubeward scan manifests PATH...}: misconfigurations in YAML/JSON manifests, offline. */
@Command(name = "manifests", description = "Find misconfigurations in Kubernetes manifests (files or folders).")
public class ScanManifestsCommand implements Callable<Integer>, CliCommand {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Manifest files or folders (YAML, JSON, kubectl dumps).")
  List<Path> paths;

  @Mixin ReportOptions options;

  @Override
  public String parent() {
    return "scan";
  }

  @Override
  public Integer call() {
    for (Path p : paths) {
      if (!Files.exists(p)) {
        throw new UserInputException("no such file or folder: " + p);
      }
    }
    options.writer();
    RuleSet rules = options.ruleSet();
    options.progress(spec.commandLine().getErr(), "loading " + paths.size() + " path(s)...");
    ManifestSet set = new ManifestLoader().load(paths);
    options.progress(spec.commandLine().getErr(), "evaluating " + rules.size() + " rules on " + set.objects().size()
        + " objects...");
    ScanReport report = new PostureEngine(rules, options.engineOptions(rules)).scan(set.toInventory(), set.problems());
    // Static control-plane pods among the manifests (e.g. /etc/kubernetes/manifests) decide the CIS flag controls.
    options.components(dev.kubeward.cli.compliance.CliComponents.fromManifests(set.objects(),
        options.engineOptions(rules)).orElse(null));
    return options.emit(report, rules, spec.commandLine().getOut());
  }
}
