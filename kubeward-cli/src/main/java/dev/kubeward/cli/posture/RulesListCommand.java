package dev.kubeward.cli.posture;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kubeward.cli.CliCommand;
import dev.kubeward.cli.ExitCodes;
import dev.kubeward.cli.UserInputException;
import dev.kubeward.posture.AdmissionPolicyExporter;
import dev.kubeward.posture.Rule;
import dev.kubeward.posture.RuleSet;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kubeward rules list}: every rule with its severity, target and title. */
@Command(name = "list", description = "List the misconfiguration rules.")
public class RulesListCommand implements Callable<Integer>, CliCommand {
  @Spec CommandSpec spec;

  @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--rules", paramLabel = "DIR", description = "Also list rules from this folder; repeatable.")
  List<Path> rules;

  @Override
  public String parent() {
    return "rules";
  }

  @Override
  public Integer call() throws Exception {
    RuleSet set = RuleSource.load(rules);
    PrintWriter out = spec.commandLine().getOut();
    if (format.equalsIgnoreCase("json")) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (Rule r : set.rules()) {
        rows.add(RulesShowCommand.describe(r));
      }
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(Map.of("rules", rows)));
    } else if (format.equalsIgnoreCase("table")) {
      int titleWidth = 0;
      int categoryWidth = 0;
      for (Rule r : set.rules()) {
        categoryWidth = Math.max(categoryWidth, r.category().length());
        titleWidth = Math.max(titleWidth, r.title().length());
      }
      out.printf("%-13s %-8s %-10s %-" + categoryWidth + "s  %-4s %-9s %s%n", "ID", "SEVERITY", "TARGET", "CATEGORY",
          "FIX", "ADMISSION", "TITLE");
      for (Rule r : set.rules()) {
        out.printf("%-13s %-8s %-10s %-" + categoryWidth + "s  %-4s %-9s %s%n", r.id(), r.severity().label(),
            r.target().label(), r.category(), r.quickFix().isPresent() ? "yes" : "", 
            AdmissionPolicyExporter.admissionCapable(r) ? "yes" : "", r.title());
      }
      out.printf("%n%d rules%n", set.size());
    } else {
      throw new UserInputException("unknown format '" + format + "'; expected table or json");
    }
    out.flush();
    return ExitCodes.OK;
  }
}
