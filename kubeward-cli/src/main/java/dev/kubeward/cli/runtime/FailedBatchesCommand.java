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
 * {@code kubeward runtime failed-batches --cluster C --server URL [--retry BATCH]}: lists the runtime batches a
 * running server set aside after they failed every processing attempt (their events were not evaluated), with the
 * error, or gives one a fresh set of attempts once its cause is fixed. Exit code 1 when there are failed batches, so
 * a monitoring script can use it.
 */
@Command(name = "failed-batches",
    description = "List the runtime batches a server set aside after failing to process them, or retry one.")
public class FailedBatchesCommand implements Callable<Integer>, CliCommand {
  @Spec CommandSpec spec;

  @Option(names = "--cluster", required = true, paramLabel = "ID", description = "The cluster's id.")
  String cluster;

  @Mixin ServerApiOptions api;

  @Option(names = "--retry", paramLabel = "BATCH", description = "Process this failed batch again.")
  String retry;

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
    String path = "api/v1/clusters/" + ServerApiOptions.encode(cluster) + "/runtime/failed-batches";
    ServerApiOptions.Answer answer = retry != null
        ? api.send("POST", path + "/" + ServerApiOptions.encode(retry) + "/retry", "securityAdmin", err)
        : api.send("GET", path, "any role", err);
    if (answer == null) {
      return ExitCodes.INTERNAL;
    }
    if (answer.status() != (retry != null ? 202 : 200)) {
      err.println("kubeward: the server refused: " + answer.detail());
      return answer.refusalExitCode();
    }
    JsonNode body = answer.json();
    if (retry != null) {
      out.println("Batch " + retry + " is queued for processing again (the recovery takes it on its next sweep).");
      out.flush();
      return ExitCodes.OK;
    }
    if (body == null || !body.isArray()) {
      err.println("kubeward: unexpected answer from the server");
      return ExitCodes.INTERNAL;
    }
    if ("json".equals(format)) {
      out.println(answer.body());
    } else if (body.isEmpty()) {
      out.println("No failed batches: every stored batch of cluster " + cluster + " was processed.");
    } else {
      out.println(body.size() + " failed batch(es); their events were not evaluated:");
      for (JsonNode b : body) {
        out.println(b.path("id").asText() + "  " + b.path("format").asText() + "  received "
            + b.path("receivedAt").asText() + "  " + b.path("events").asInt() + " events  "
            + b.path("attempts").asInt() + " attempts  failed " + b.path("failedAt").asText());
        out.println("    " + b.path("lastError").asText());
      }
      out.println("Retry one once its cause is fixed: kubeward runtime failed-batches --cluster " + cluster
          + " --server " + api.server() + " --retry BATCH");
    }
    out.flush();
    return body.isEmpty() ? ExitCodes.OK : ExitCodes.FINDINGS;
  }
}
