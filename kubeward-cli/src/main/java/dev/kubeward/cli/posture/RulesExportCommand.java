package dev.kubeward.cli.posture;

import dev.kubeward.cli.CliCommand;
import dev.kubeward.cli.ExitCodes;
import dev.kubeward.cli.UserInputException;
import dev.kubeward.posture.AdmissionPolicy;
import dev.kubeward.posture.AdmissionPolicyExporter;
import dev.kubeward.posture.RuleSet;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kubeward rules export [ID...]}: ValidatingAdmissionPolicies and bindings for rules, as YAML. */
@Command(name = "export", description = "Export rules as ValidatingAdmissionPolicy + binding YAML (all admission-capable rules by default).")
public class RulesExportCommand implements Callable<Integer>, CliCommand {
  @Spec CommandSpec spec;

  @Parameters(arity = "0..*", paramLabel = "ID", description = "Rule ids (default: every rule that can run at admission).")
  List<String> ids;

  @Option(names = "--action", split = ",", defaultValue = "Deny",
      description = "validationActions of the bindings: Deny, Warn, Audit (comma-separated; default: ${DEFAULT-VALUE}).")
  List<AdmissionPolicy.Action> actions;

  @Option(names = "--rules", paramLabel = "DIR", description = "Also export rules from this folder; repeatable.")
  List<Path> rules;

  @Override
  public String parent() {
    return "rules";
  }

  @Override
  public Integer call() {
    RuleSet set = RuleSource.load(rules);
    Set<AdmissionPolicy.Action> chosen = EnumSet.copyOf(actions);
    AdmissionPolicyExporter exporter = new AdmissionPolicyExporter(set);
    List<AdmissionPolicy> policies = new ArrayList<>();
    try {
      if (ids == null || ids.isEmpty()) {
        policies.addAll(exporter.exportAll(chosen));
      } else {
        for (String id : ids) {
          if (set.rule(id).isEmpty()) {
            throw new UserInputException("no rule with id " + id);
          }
          policies.add(exporter.export(id, chosen).orElseThrow(() -> new UserInputException(
              id + " cannot run at admission: it looks at other objects or is not meant for admission")));
        }
      }
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    policies.forEach(p -> out.print(p.toYaml()));
    out.flush();
    return ExitCodes.OK;
  }
}
