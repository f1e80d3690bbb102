package dev.kubeward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code kubeward serve} on an empty data dir: starts, prints where to sign in and the one-time admin password. */
class ServeCommandIT {

  @Test
  void firstStartPrintsAWorkingAdminPasswordAndLaterStartsDoNot(@TempDir Path dataDir) throws Exception {
    long started = System.nanoTime();
    StringWriter out = new StringWriter();
    ServeCommand serve = new ServeCommand();
    CommandLine cli = new CommandLine(serve);
    cli.setOut(new PrintWriter(out, true));
    int code = cli.execute("--port", "0", "--data-dir", dataDir.toString(), "--demo", "--no-wait");
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;
    assertThat(code).isZero();
    System.err.println("[kubeward-test] serve --demo on an empty data dir was up in " + seconds + " s");
    try (var running = serve.running()) {
      Matcher url = Pattern.compile("running at (http://localhost:\\d+/)").matcher(out.toString());
      Matcher pw = Pattern.compile("password: (\\S+)").matcher(out.toString());
      assertThat(url.find()).as(out.toString()).isTrue();
      assertThat(pw.find()).as(out.toString()).isTrue();
      assertThat(pw.group(1)).hasSizeGreaterThanOrEqualTo(20);

      HttpClient http = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
      String base = url.group(1);
      assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "api/v1/workspaces")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
      // Sign in as the login page does: fetch the CSRF cookie, then post the form with it.
      http.send(HttpRequest.newBuilder(URI.create(base + "login")).build(), HttpResponse.BodyHandlers.discarding());
      String xsrf = ((java.net.CookieManager) http.cookieHandler().orElseThrow()).getCookieStore().getCookies().stream()
          .filter(c -> c.getName().equals("XSRF-TOKEN")).findFirst().orElseThrow().getValue();
      HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "login"))
          .header("Content-Type", "application/x-www-form-urlencoded").header("X-XSRF-TOKEN", xsrf)
          .POST(HttpRequest.BodyPublishers.ofString("username=admin&password=" + pw.group(1))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(login.statusCode()).isEqualTo(200);
      HttpResponse<String> ws = http.send(HttpRequest.newBuilder(URI.create(base + "api/v1/workspaces")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(ws.statusCode()).isEqualTo(200);
      assertThat(ws.body()).contains("\"name\":\"Demo\"");
    }

    StringWriter again = new StringWriter();
    ServeCommand second = new ServeCommand();
    CommandLine cli2 = new CommandLine(second);
    cli2.setOut(new PrintWriter(again, true));
    assertThat(cli2.execute("--port", "0", "--data-dir", dataDir.toString(), "--no-wait")).isZero();
    try (var running = second.running()) {
      assertThat(again.toString()).doesNotContain("password:").contains("Sign in with your account");
    }
  }

  @Test
  void aDataDirThatCannotBeCreatedIsAUsageError(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("a-file");
    java.nio.file.Files.writeString(file, "x");
    StringWriter err = new StringWriter();
    int code = KubewardCli.execute(new String[] {"serve", "--data-dir", file.resolve("sub").toString(), "--no-wait"},
        new PrintWriter(new StringWriter()), new PrintWriter(err, true));
    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).startsWith("kubeward: cannot create data directory");
  }

  @Test
  void aPortInUseIsAUsageErrorWithAHint(@TempDir Path dataDir) throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0)) {
      StringWriter err = new StringWriter();
      int code = KubewardCli.execute(new String[] {"serve", "--port", String.valueOf(taken.getLocalPort()), "--data-dir",
          dataDir.toString(), "--no-wait"}, new PrintWriter(new StringWriter()), new PrintWriter(err, true));
      assertThat(code).isEqualTo(ExitCodes.USAGE);
      assertThat(err.toString()).contains("port " + taken.getLocalPort() + " is already in use; choose another with --port");
    }
  }
}
