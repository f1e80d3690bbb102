package dev.kubeward.cli.posture;

import dev.kubeward.cli.CliCommand;
import dev.kubeward.cli.ExitCodes;
import dev.kubeward.cli.UserInputException;
import dev.kubeward.inventory.KubeObject;
import dev.kubeward.inventory.ManifestLoader;
import dev.kubeward.posture.AdmissionPolicy;
import dev.kubeward.posture.AdmissionPolicyExporter;
import dev.kubeward.posture.Rule;
import dev.kubeward.posture.RuleFixtures;
import dev.kubeward.posture.RuleSet;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kubeward rules show ID}: a rule's metadata, CEL, fixtures and the admission policy it exports to. */
@Command(name = "show", description = "Show one rule: metadata, CEL condition, fixtures and its admission policy.")
public class RulesShowCommand implements Callable<Integer>, CliCommand {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "ID", description = "Rule id, e.g. KW-PSS-001.")
  String id;

  @Option(names = "--rules", paramLabel = "DIR", description = "Also look in rules from this folder; repeatable.")
  List<Path> rules;

  @Override
  public String parent() {
    return "rules";
  }

  @Override
  public Integer call() {
    RuleSet set = RuleSource.load(rules);
    Rule r = set.rule(id).orElseThrow(() -> new UserInputException("no rule with id " + id
        + "; 'kubeward rules list' shows them all"));
    PrintWriter out = spec.commandLine().getOut();
    out.println(r.id() + "  " + r.title());
    out.println();
    out.println("Severity:     " + r.severity().label());
    out.println("Category:     " + r.category());
    out.println("Target:       " + r.target().label());
    out.println("Kinds:        " + String.join(", ", r.kinds()));
    if (!r.params().isEmpty()) {
      out.println("Parameters:   " + r.params());
    }
    out.println("Source:       " + r.source());
    out.println();
    out.println("Description:  " + r.description());
    out.println("Remediation:  " + r.remediation());
    r.references().forEach(ref -> out.println("Reference:    " + ref));
    out.println();
    out.println("Condition (CEL, true = misconfigured):");
    out.println("  " + r.condition());
    out.println("Message:      " + r.message());
    r.quickFix().ifPresentOrElse(
        q -> out.println("Quick fix:    " + q.description() + "  (merge " + q.patch() + " into the " + subject(r) + ")"),
        () -> out.println("Quick fix:    none"));
    out.println();
    List<RuleFixtures.Fixture> fixtures = RuleFixtures.of(r.id());
    if (fixtures.isEmpty()) {
      out.println("Fixtures:     none shipped");
    } else {
      out.println("Fixtures:");
      for (RuleFixtures.Fixture f : fixtures) {
        String objects = new ManifestLoader().parse(f.text(), f.name()).objects().stream().map(KubeObject::ref)
            .map(ref -> ref.key()).collect(Collectors.joining(", "));
        out.println("  " + f.name() + ": must " + (f.shouldFail() ? "raise" : "not raise") + " " + r.id() + " ("
            + objects + ")");
      }
    }
    out.println();
    var policy = new AdmissionPolicyExporter(set).export(r.id(), EnumSet.of(AdmissionPolicy.Action.DENY));
    if (policy.isPresent()) {
      out.println("Admission policy (kubeward rules export " + r.id() + "):");
      out.print(policy.get().toYaml());
    } else {
      out.println("Admission policy: none (the rule looks at other objects or is not meant for admission)");
    }
    out.flush();
    return ExitCodes.OK;
  }

  private static String subject(Rule r) {
    return switch (r.target()) {
      case CONTAINER -> "container";
      case POD_SPEC -> "pod spec";
      default -> "object";
    };
  }

  static Map<String, Object> describe(Rule r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("title", r.title());
    m.put("severity", r.severity().label());
    m.put("category", r.category());
    m.put("target", r.target().label());
    m.put("kinds", r.kinds());
    m.put("condition", r.condition());
    m.put("message", r.message());
    m.put("description", r.description());
    m.put("remediation", r.remediation());
    m.put("references", r.references());
    m.put("params", r.params());
    m.put("quickFix", r.quickFix().map(q -> {
      Map<String, Object> fix = new LinkedHashMap<>();
      fix.put("patch", q.patch());
      fix.put("description", q.description());
      return fix;
    }).orElse(null));
    m.put("admission", AdmissionPolicyExporter.admissionCapable(r));
    return m;
  }
}
