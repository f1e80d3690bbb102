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
 * {@code kubeward runtime test-alert --cluster C --server URL --token T}: asks a running server for a harmless,
 * clearly labelled test alert, which travels the whole pipeline (detection, alert, suppression, SIEM streaming), so
 * users can check that alerts reach their destinations.
 */
@Command(name = "test-alert", description = "Raise a test alert on a running server to check alert routing.")
public class TestAlertCommand implements Callable<Integer>, CliCommand {
  @Spec CommandSpec spec;

  @Option(names = "--cluster", required = true, paramLabel = "ID", description = "The cluster's id.")
  String cluster;

  @Option(names = "--server", required = true, paramLabel = "URL",
      description = "The Kubeward server, e.g. https://kubeward.example.com.")
  String server;

  @Option(names = "--token", paramLabel = "TOKEN",
      description = "An API token with the securityAdmin role (default: environment variable KUBEWARD_TOKEN).")
  String token;

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
      throw new UserInputException("no token: pass --token or set KUBEWARD_TOKEN (an API token with securityAdmin)");
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
    URI uri = base.resolve("api/v1/clusters/" + URLEncoder.encode(cluster, StandardCharsets.UTF_8).replace("+", "%20")
        + "/runtime/test-alert");
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + secret.strip())
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.noBody()).build();
    HttpResponse<String> response;
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      err.println("kubeward: cannot reach " + base + ": " + e.getMessage());
      return ExitCodes.INTERNAL;
    }
    JsonNode body;
    try {
      body = new ObjectMapper().readTree(response.body());
    } catch (IOException e) {
      body = null;
    }
    if (response.statusCode() != 201 || body == null) {
      String detail = body != null && body.hasNonNull("detail") ? body.get("detail").asText()
          : "HTTP " + response.statusCode();
      err.println("kubeward: the server refused the test alert: " + detail);
      return response.statusCode() == 401 || response.statusCode() == 403 || response.statusCode() == 404
          ? ExitCodes.USAGE : ExitCodes.INTERNAL;
    }
    if ("json".equals(format)) {
      out.println(response.body());
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
