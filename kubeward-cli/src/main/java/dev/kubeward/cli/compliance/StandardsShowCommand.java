package dev.kubeward.cli.compliance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubeward.cli.CliCommand;
import dev.kubeward.cli.ExitCodes;
import dev.kubeward.cli.UserInputException;
import dev.kubeward.compliance.Standards;
import dev.kubeward.model.Control;
import dev.kubeward.model.Standard;
import dev.kubeward.posture.RuleSet;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kubeward standards show ID}: a standard's sections and controls with their rules or audit steps. */
@Command(name = "show", description = "Show one standard: its sections and controls, the rules that decide them "
    + "and the audit steps of manual ones.")
public class StandardsShowCommand implements Callable<Integer>, CliCommand {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ID", description = "The standard's id (see 'kubeward standards list').")
  String id;

  @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--standards", paramLabel = "DIR", description = "Also load custom standards from this folder; repeatable.")
  List<Path> folders;

  @Override
  public String parent() {
    return "standards";
  }

  @Override
  public Integer call() throws Exception {
    Standards standards = StandardSource.load(folders, RuleSet.builtIn());
    Standard s = StandardSource.get(standards, id);
    PrintWriter out = spec.commandLine().getOut();
    if (format.equalsIgnoreCase("json")) {
      ObjectNode root = JsonNodeFactory.instance.objectNode();
      root.put("id", s.id());
      root.put("name", s.name());
      root.put("version", s.version());
      root.put("description", s.description());
      ArrayNode sections = root.putArray("sections");
      s.sections().forEach(sec -> sections.addObject().put("id", sec.id()).put("title", sec.title()));
      ArrayNode controls = root.putArray("controls");
      for (Control c : s.controls()) {
        ObjectNode n = controls.addObject();
        n.put("id", c.id());
        n.put("title", c.title());
        n.put("section", c.section());
        n.put("automated", c.automated());
        ArrayNode rules = n.putArray("rules");
        c.ruleIds().forEach(rules::add);
        n.put("description", c.description());
        n.put("audit", c.audit());
      }
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root));
    } else if (format.equalsIgnoreCase("table")) {
      out.printf("%s — %s %s%n", s.id(), s.name(), s.version());
      if (!s.description().isEmpty()) {
        out.println(s.description());
      }
      String section = null;
      for (Control c : s.controls()) {
        if (!c.section().equals(section)) {
          section = c.section();
          out.printf("%n%s %s%n", section, s.sectionTitle(section));
        }
        out.printf("  %-18s %-9s %s%n", c.id(), c.automated() ? "automated" : "manual", c.title());
        if (c.automated()) {
          out.printf("  %-18s %-9s rules: %s%n", "", "", String.join(", ", c.ruleIds()));
        } else {
          out.printf("  %-18s %-9s audit: %s%n", "", "", c.audit());
        }
      }
    } else {
      throw new UserInputException("unknown format '" + format + "'; expected table or json");
    }
    out.flush();
    return ExitCodes.OK;
  }
}
