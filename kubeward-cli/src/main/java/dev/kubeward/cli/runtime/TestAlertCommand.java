package dev.kubeward.cli.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeward.cli.CliCommand;
import dev.kubeward.cli.ExitCodes;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kubeward runtime test-alert --cluster C --server URL --token T}: asks a running server for a harmless,
 * clearly labelled test alert, which travels the whole pipeline (detection, alert, suppression, SIEM streaming), so
 * users can check that alerts reach their destinations.
 */
@Command(name = "test-alert", description = "Raise a test alert on a running server to check alert routing.")
public class TestAlertCommand implements Callable<Integer>, CliCommand {
  @Spec CommandSpec spec;

  @Option(names = "--cluster", required = true, paramLabel = "ID", description = "The cluster's id.")
  String cluster;

  @Mixin ServerApiOptions api;

  @Option(names = "--format", defaultValue = "text", description = "Output: text or json (default: ${DEFAULT-VALUE}).")
  String format;

  @Override
  public String parent() {
    return "runtime";
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ServerApiOptions.Answer answer = api.send("POST",
        "api/v1/clusters/" + ServerApiOptions.encode(cluster) + "/runtime/test-alert", "securityAdmin", err);
    if (answer == null) {
      return ExitCodes.INTERNAL;
    }
    JsonNode body = answer.json();
    if (answer.status() != 201 || body == null) {
      err.println("kubeward: the server refused the test alert: " + answer.detail());
      return answer.refusalExitCode();
    }
    if ("json".equals(format)) {
      out.println(answer.body());
    } else {
      out.println("Test alert " + body.path("id").asText() + " raised on cluster " + cluster + ": "
          + body.path("title").asText() + " (" + body.path("severity").asText() + ", "
          + body.path("status").asText() + ")");
      out.println("It is streamed to the workspace's SIEM destinations like any other alert.");
    }
    out.flush();
    return ExitCodes.OK;
  }
}
