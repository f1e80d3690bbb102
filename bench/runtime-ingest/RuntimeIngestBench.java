import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load benchmark of runtime ingestion against a running Kubeward server over loopback: posts audit EventList batches
 * (the API server's webhook shape, 400 events each) from several client threads, then checks that every accepted
 * event was processed and stored, and reads the server's CPU time (from /proc) and its pipeline's alert latency.
 *
 * <p>Usage: {@code java RuntimeIngestBench.java BASE_URL ADMIN_PASSWORD SERVER_PID SECONDS CLIENTS PHASE_NAME
 * [EVENTS_PER_SECOND]}. Without a rate the clients post as fast as the server takes batches (throughput, 429s); with
 * one they post on a fixed schedule that adds up to that rate (alert latency at a load the server sustains). JDK
 * only, so it runs as a single source file.
 */
public class RuntimeIngestBench {
  static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
  static final Pattern SECRET = Pattern.compile("\"secret\"\\s*:\\s*\"([^\"]+)\"");
  static final int BATCH = 400;

  public static void main(String[] args) throws Exception {
    String base = args[0];
    String password = args[1];
    long pid = Long.parseLong(args[2]);
    int seconds = Integer.parseInt(args[3]);
    int clients = Integer.parseInt(args[4]);
    String phase = args[5];
    double rate = args.length > 6 ? Double.parseDouble(args[6]) : 0;
    // Each client's batches are due every `interval` ns; a client that falls behind sends at once (open loop).
    long interval = rate > 0 ? (long) (clients * BATCH * 1e9 / rate) : 0;
    HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    String xsrf = signIn(http, base, password);
    String ws = match(ID, send(http, base, "POST", "/api/v1/workspaces", "{\"name\":\"bench-" + phase + "-"
        + System.nanoTime() + "\"}", xsrf, null));
    String cluster = match(ID, send(http, base, "POST", "/api/v1/workspaces/" + ws + "/clusters",
        "{\"name\":\"load\"}", xsrf, null));
    String ingest = match(SECRET, send(http, base, "POST", "/api/v1/tokens", "{\"name\":\"bench-ingest-" + phase
        + "\",\"kind\":\"ingestion\",\"clusterId\":\"" + cluster + "\"}", xsrf, null));
    String admin = match(SECRET, send(http, base, "POST", "/api/v1/tokens", "{\"name\":\"bench-admin-" + phase
        + "\",\"kind\":\"api\",\"role\":\"admin\"}", xsrf, null));
    HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    String before = send(plain, base, "GET", "/api/v1/runtime/pipeline", null, null, admin);
    long processedBefore = num(before, "processedEvents");
    long cpuBefore = cpuTicks(pid);
    Instant phaseStart = Instant.now();
    long rssPeak = 0;
    AtomicLong accepted = new AtomicLong();
    AtomicLong acceptedBatches = new AtomicLong();
    AtomicLong throttled = new AtomicLong();
    AtomicLong other = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<?>> futures = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      int client = c;
      futures.add(pool.submit(() -> {
        Random r = new Random(client);
        long seq = 0;
        long due = System.nanoTime() + (interval > 0 ? interval * client / clients : 0);
        while (System.nanoTime() < end) {
          if (interval > 0) {
            long wait = due - System.nanoTime();
            if (wait > 0) {
              try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
              } catch (InterruptedException e) {
                return;
              }
            }
            due += interval;
          }
          byte[] body = batch(r, client, seq++).getBytes(StandardCharsets.UTF_8);
          try {
            HttpResponse<String> resp = plain.send(HttpRequest.newBuilder(URI.create(base
                    + "/api/v1/ingest/runtime/kubernetes-audit"))
                .header("Authorization", "Bearer " + ingest).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() == 202) {
              accepted.addAndGet(num(resp.body(), "events"));
              acceptedBatches.incrementAndGet();
              bytes.addAndGet(body.length);
            } else if (resp.statusCode() == 429) {
              throttled.incrementAndGet();
              long wait = Long.parseLong(resp.headers().firstValue("Retry-After").orElse("1"));
              Thread.sleep(Math.min(wait * 1000, 200));
            } else {
              other.incrementAndGet();
              System.err.println("unexpected " + resp.statusCode() + ": " + resp.body());
            }
          } catch (IOException e) {
            other.incrementAndGet();
          } catch (InterruptedException e) {
            return;
          }
        }
      }));
    }
    while (futures.stream().anyMatch(f -> !f.isDone())) {
      rssPeak = Math.max(rssPeak, rssKb(pid));
      Thread.sleep(250);
    }
    pool.shutdown();
    double postSeconds = (System.nanoTime() - t0) / 1e9;
    // Wait until the server has processed everything it accepted.
    String stats;
    long waitStart = System.nanoTime();
    while (true) {
      stats = send(plain, base, "GET", "/api/v1/runtime/pipeline?since=" + phaseStart, null, null, admin);
      rssPeak = Math.max(rssPeak, rssKb(pid));
      if (num(stats, "queued") == 0 && num(stats, "processedEvents") - processedBefore >= accepted.get()) {
        break;
      }
      if (System.nanoTime() - waitStart > Duration.ofMinutes(10).toNanos()) {
        throw new IllegalStateException("the server did not finish processing: " + stats);
      }
      Thread.sleep(100);
    }
    double totalSeconds = (System.nanoTime() - t0) / 1e9;
    long cpu = cpuTicks(pid) - cpuBefore;
    double cpuSeconds = cpu / 100.0;
    long processed = num(stats, "processedEvents") - processedBefore;
    String sensors = send(plain, base, "GET", "/api/v1/clusters/" + cluster + "/runtime/sensors", null, null, admin);
    long stored = num(sensors, "events");
    long serverThrottled = num(sensors, "throttledBatches");
    // The alert list pages with a cursor: follow nextCursor to the end.
    int alertCount = 0;
    String cursor = null;
    do {
      String alerts = send(plain, base, "GET", "/api/v1/clusters/" + cluster + "/runtime/alerts?limit=500"
          + (cursor == null ? "" : "&cursor=" + cursor), null, null, admin);
      alertCount += alerts.split("\"detection\"").length - 1;
      java.util.regex.Matcher next = java.util.regex.Pattern.compile("\"nextCursor\":\"([^\"]+)\"").matcher(alerts);
      cursor = next.find() ? next.group(1) : null;
    } while (cursor != null);
    System.out.printf("phase=%s clients=%d seconds=%.1f%s%n", phase, clients, postSeconds,
        rate > 0 ? String.format(" target rate %.0f events/s", rate) : "");
    System.out.printf("  accepted: %d events in %d batches (%.1f MB); 429: %d batches (server counted %d); other errors: %d%n",
        accepted.get(), acceptedBatches.get(), bytes.get() / 1e6, throttled.get(), serverThrottled, other.get());
    System.out.printf("  processed by the pipeline: %d; stored/counted for the sensor: %d; silent drops: %d%n",
        processed, stored, accepted.get() - Math.min(processed, stored));
    System.out.printf("  throughput: %.0f events/s wall (post + drain %.1f s); server CPU %.1f s -> %.0f events per CPU-second%n",
        accepted.get() / totalSeconds, totalSeconds, cpuSeconds, accepted.get() / cpuSeconds);
    System.out.printf("  alert latency (received -> alerts committed, this phase's batches, up to the last 4096): p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
        dbl(stats, "latencyP50Millis"), dbl(stats, "latencyP99Millis"), dbl(stats, "latencyMaxMillis"));
    System.out.printf("  alerts: %d; server RSS peak %.0f MB%n", alertCount, rssPeak / 1024.0);
  }

  /** A webhook batch: mostly controller and kubelet chatter, some workload changes, and a few suspicious requests. */
  static String batch(Random r, int client, long seq) {
    StringBuilder sb = new StringBuilder(BATCH * 700);
    sb.append("{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"metadata\":{},\"items\":[");
    String now = Instant.now().toString();
    for (int i = 0; i < BATCH; i++) {
      if (i > 0) {
        sb.append(',');
      }
      int k = r.nextInt(1000);
      String id = client + "-" + seq + "-" + i;
      String ns = "team-" + r.nextInt(20);
      String user;
      String verb;
      String resource;
      String sub = "";
      String name = "obj-" + r.nextInt(500);
      int code = 200;
      if (k < 400) {
        user = "system:node:node-" + r.nextInt(50); verb = "get"; resource = "pods";
      } else if (k < 650) {
        user = "system:serviceaccount:kube-system:endpointslice-controller"; verb = "update"; resource = "endpointslices";
      } else if (k < 800) {
        user = "system:kube-controller-manager"; verb = "update"; resource = "leases"; ns = "kube-system";
      } else if (k < 900) {
        user = "system:serviceaccount:" + ns + ":app"; verb = "get"; resource = "configmaps";
      } else if (k < 960) {
        user = "dev" + r.nextInt(30) + "@example.com"; verb = "list"; resource = "pods";
      } else if (k < 985) {
        user = "system:serviceaccount:" + ns + ":app"; verb = "get"; resource = "secrets";
      } else if (k < 995) {
        user = "dev" + r.nextInt(30) + "@example.com"; verb = "create"; resource = "pods"; sub = "exec"; code = 101;
        name = "web-" + r.nextInt(5);
      } else {
        user = "anonymous-" + r.nextInt(3); verb = "get"; resource = "secrets"; code = 403;
      }
      sb.append("{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"Metadata\",\"auditID\":\"")
          .append(id).append("\",\"stage\":\"ResponseComplete\",\"requestURI\":\"/api/v1/namespaces/").append(ns)
          .append('/').append(resource).append('/').append(name).append(sub.isEmpty() ? "" : "/" + sub)
          .append("\",\"verb\":\"").append(verb).append("\",\"user\":{\"username\":\"").append(user)
          .append("\",\"groups\":[\"system:authenticated\"]},\"sourceIPs\":[\"10.0.").append(r.nextInt(255))
          .append('.').append(r.nextInt(255)).append("\"],\"userAgent\":\"kube-bench/1.0\",\"objectRef\":{\"resource\":\"")
          .append(resource).append("\",\"namespace\":\"").append(ns).append("\",\"name\":\"").append(name)
          .append("\",\"apiVersion\":\"v1\"").append(sub.isEmpty() ? "" : ",\"subresource\":\"" + sub + "\"")
          .append("},\"responseStatus\":{\"code\":").append(code).append("},\"annotations\":{\"authorization.k8s.io/decision\":\"")
          .append(code == 403 ? "forbid" : "allow").append("\"},\"requestReceivedTimestamp\":\"").append(now)
          .append("\",\"stageTimestamp\":\"").append(now).append("\"}");
    }
    return sb.append("]}").toString();
  }

  static String signIn(HttpClient http, String base, String password) throws Exception {
    http.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(), HttpResponse.BodyHandlers.discarding());
    String xsrf = ((CookieManager) http.cookieHandler().orElseThrow()).getCookieStore().getCookies().stream()
        .filter(c -> c.getName().equals("XSRF-TOKEN")).findFirst().orElseThrow().getValue();
    HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
        .header("Content-Type", "application/x-www-form-urlencoded").header("X-XSRF-TOKEN", xsrf)
        .POST(HttpRequest.BodyPublishers.ofString("username=admin&password="
            + URLEncoder.encode(password, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
    if (login.statusCode() != 200) {
      throw new IllegalStateException("sign-in failed: " + login.statusCode());
    }
    return ((CookieManager) http.cookieHandler().orElseThrow()).getCookieStore().getCookies().stream()
        .filter(c -> c.getName().equals("XSRF-TOKEN")).findFirst().orElseThrow().getValue();
  }

  static String send(HttpClient http, String base, String method, String path, String body, String xsrf,
      String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "application/json");
    if (xsrf != null) {
      b.header("X-XSRF-TOKEN", xsrf);
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 300) {
      throw new IllegalStateException(method + " " + path + " -> " + r.statusCode() + " " + r.body());
    }
    return r.body();
  }

  static String match(Pattern p, String s) {
    Matcher m = p.matcher(s);
    if (!m.find()) {
      throw new IllegalStateException("no " + p + " in " + s);
    }
    return m.group(1);
  }

  /** Sums every occurrence of a numeric field (several sensors), or reads the one there is. */
  static long num(String json, String field) {
    Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*(-?\\d+)").matcher(json);
    long sum = 0;
    while (m.find()) {
      sum += Long.parseLong(m.group(1));
    }
    return sum;
  }

  static double dbl(String json, String field) {
    Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*(-?[\\d.eE+-]+)").matcher(json);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  /** utime + stime of a process, in clock ticks (1/100 s on Linux). */
  static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  static long rssKb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D+", ""));
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return 0;
  }
}
