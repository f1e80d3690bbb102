package dev.kubeward.cli.posture;

import dev.kubeward.cli.CliCommand;
import dev.kubeward.cli.UserInputException;
import dev.kubeward.inventory.ClusterConnection;
import dev.kubeward.inventory.Inventory;
import dev.kubeward.inventory.LiveClusterSource;
import dev.kubeward.posture.PostureEngine;
import dev.kubeward.posture.RuleSet;
import dev.kubeward.posture.ScanReport;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kubeward scan cluster}: misconfigurations of a live cluster, read through its API. */
@Command(name = "cluster", description = "Find misconfigurations in a running cluster (read-only).")
public class ScanClusterCommand implements Callable<Integer>, CliCommand {
  @Spec CommandSpec spec;

  @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Kubeconfig file (default: KUBECONFIG, ~/.kube/config or in-cluster).")
  Path kubeconfig;

  @Option(names = "--context", paramLabel = "NAME", description = "Kubeconfig context (default: the current one).")
  String context;

  @Option(names = "--timeout", defaultValue = "120", paramLabel = "SECONDS",
      description = "How long to wait for the initial listing (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Option(names = "--vulnerabilities", defaultValue = "auto", paramLabel = "auto|off",
      description = "Add the vulnerability section (table output): the running images pulled from here, matched "
          + "against the advisory database and ranked by risk; 'auto' skips it with the reason when no database or "
          + "no image is reachable (default: ${DEFAULT-VALUE}).")
  String vulnerabilities;

  @Option(names = "--db", paramLabel = "DIR",
      description = "Advisory database folder for the vulnerability section (default: KUBEWARD_DB_DIR or ~/.kubeward/db).")
  Path db;

  @Option(names = "--kubelet-config",
      description = "With --standard: also read each node's kubelet configuration (configz) for the CIS kubelet"
          + " controls; the credentials need get on nodes/proxy.")
  boolean kubeletConfig;

  @Mixin ReportOptions options;

  @Override
  public String parent() {
    return "scan";
  }

  @Override
  public Integer call() {
    options.writer();
    RuleSet rules = options.ruleSet();
    ClusterConnection connection = new ClusterConnection(Optional.ofNullable(kubeconfig), Optional.ofNullable(context));
    Inventory inventory = new Inventory();
    KubernetesClient client;
    try {
      client = connection.client();
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage());
    }
    try (client; LiveClusterSource source = new LiveClusterSource(client, inventory)) {
      options.progress(spec.commandLine().getErr(), "listing " + client.getMasterUrl() + "...");
      source.start(Duration.ofSeconds(timeoutSeconds));
      options.components(dev.kubeward.cli.compliance.CliComponents.fromCluster(inventory, client, kubeletConfig,
          options.engineOptions(rules)));
    } catch (IllegalStateException e) {
      throw new UserInputException("cannot read the cluster: " + e.getMessage());
    }
    ScanReport report = new PostureEngine(rules, options.engineOptions(rules)).scan(inventory);
    int exit = options.emit(report, rules, spec.commandLine().getOut());
    if (!vulnerabilities.equals("off") && "table".equals(options.format)) {
      ClusterVulnerabilitySection.print(inventory, db != null ? db : dev.kubeward.advisories.AdvisoryDatabase
          .defaultLocation(), spec.commandLine().getOut(), spec.commandLine().getErr());
    }
    return exit;
  }
}
