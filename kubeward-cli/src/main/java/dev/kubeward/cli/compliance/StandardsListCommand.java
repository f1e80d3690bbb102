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
import picocli.CommandLine.Spec;

/** {@code kubeward standards list}: every standard with its version and control counts. */
@Command(name = "list", description = "List the compliance standards.")
public class StandardsListCommand implements Callable<Integer>, CliCommand {
  @Spec CommandSpec spec;

  @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--standards", paramLabel = "DIR", description = "Also list custom standards from this folder; repeatable.")
  List<Path> folders;

  @Override
  public String parent() {
    return "standards";
  }

  @Override
  public Integer call() throws Exception {
    Standards standards = StandardSource.load(folders, RuleSet.builtIn());
    PrintWriter out = spec.commandLine().getOut();
    if (format.equalsIgnoreCase("json")) {
      ArrayNode list = JsonNodeFactory.instance.arrayNode();
      for (Standard s : standards.all()) {
        ObjectNode n = list.addObject();
        n.put("id", s.id());
        n.put("name", s.name());
        n.put("version", s.version());
        n.put("builtIn", standards.isBuiltIn(s.id()));
        n.put("controls", s.controls().size());
        n.put("automated", s.controls().stream().filter(Control::automated).count());
      }
      ObjectNode root = JsonNodeFactory.instance.objectNode();
      root.set("standards", list);
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root));
    } else if (format.equalsIgnoreCase("table")) {
      out.printf("%-24s %-18s %8s %9s %6s  %s%n", "ID", "VERSION", "CONTROLS", "AUTOMATED", "MANUAL", "NAME");
      for (Standard s : standards.all()) {
        long automated = s.controls().stream().filter(Control::automated).count();
        out.printf("%-24s %-18s %8d %9d %6d  %s%s%n", s.id(), s.version(), s.controls().size(), automated,
            s.controls().size() - automated, s.name(), standards.isBuiltIn(s.id()) ? "" : " (custom)");
      }
    } else {
      throw new UserInputException("unknown format '" + format + "'; expected table or json");
    }
    out.flush();
    return ExitCodes.OK;
  }
}
