package dev.kubeward.cli.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubeward.cli.CliCommand;
import dev.kubeward.cli.ExitCodes;
import dev.kubeward.cli.UserInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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

  @Option(names = "--server", required = true, paramLabel = "URL",
      description = "The Kubeward server, e.g. https://kubeward.example.com.")
  String server;

  @Option(names = "--token", paramLabel = "TOKEN",
      description = "An API token (securityAdmin for --retry; default: environment variable KUBEWARD_TOKEN).")
  String token;

  @Option(names = "--retry", paramLabel = "BATCH", description = "Process this failed batch again.")
  String retry;

  @Option(names = "--format", defaultValue = "text", description = "Output: text or json (default: ${DEFAULT-VALUE}).")
  String format;

  @Override
  public String parent() {
    return "runtime";
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String secret = token != null ? token : System.getenv("KUBEWARD_TOKEN");
    if (secret == null || secret.isBlank()) {
      throw new UserInputException("no token: pass --token or set KUBEWARD_TOKEN");
    }
    URI base;
    try {
      base = URI.create(server.endsWith("/") ? server : server + "/");
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--server is not a URL: " + server);
    }
    if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) {
      throw new UserInputException("--server must be an http or https URL");
    }
    String path = "api/v1/clusters/" + encode(cluster) + "/runtime/failed-batches";
    HttpRequest.Builder request = HttpRequest.newBuilder().timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + secret.strip()).header("Accept", "application/json");
    if (retry != null) {
      request.uri(base.resolve(path + "/" + encode(retry) + "/retry")).POST(HttpRequest.BodyPublishers.noBody());
    } else {
      request.uri(base.resolve(path)).GET();
    }
    HttpResponse<String> response;
    try {
      response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
          .send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      err.println("kubeward: cannot reach " + base + ": " + e.getMessage());
      return ExitCodes.INTERNAL;
    }
    JsonNode body;
    try {
      body = response.body().isEmpty() ? null : new ObjectMapper().readTree(response.body());
    } catch (IOException e) {
      body = null;
    }
    int expected = retry != null ? 202 : 200;
    if (response.statusCode() != expected) {
      String detail = body != null && body.hasNonNull("detail") ? body.get("detail").asText()
          : "HTTP " + response.statusCode();
      err.println("kubeward: the server refused: " + detail);
      return response.statusCode() == 401 || response.statusCode() == 403 || response.statusCode() == 404
          ? ExitCodes.USAGE : ExitCodes.INTERNAL;
    }
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
      out.println(response.body());
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
          + " --server " + server + " --retry BATCH");
    }
    out.flush();
    return body.isEmpty() ? ExitCodes.OK : ExitCodes.FINDINGS;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
