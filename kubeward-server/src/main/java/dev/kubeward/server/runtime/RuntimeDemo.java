package dev.kubeward.server.runtime;

import dev.kubeward.server.demo.DemoContributor;
import dev.kubeward.server.demo.DemoWorkspace;
import dev.kubeward.server.workspace.Cluster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Posts the demo's recorded sensor events ({@code demo/runtime/<cluster>/}: an audit EventList, Tetragon JSON lines,
 * a Falco alert) through the real ingestion endpoint's service, so the Security alerts tab has alerts, incidents and
 * evidence produced by the real pipeline. Times in the files are written {@code @T-600@} (600 seconds before start)
 * so the alerts are recent. Runs once per cluster: a cluster that already has alerts is left alone.
 */
@Component
class RuntimeDemo implements DemoContributor {
  private static final Logger log = LoggerFactory.getLogger(RuntimeDemo.class);
  private static final Pattern TIME = Pattern.compile("@T-(\\d+)@");
  static final List<String[]> FILES = List.of(
      new String[] {"audit-events.json", "kubernetes-audit"},
      new String[] {"tetragon-events.jsonl", "tetragon"},
      new String[] {"falco-events.json", "falco"});

  private final RuntimeIngestService ingest;
  private final RuntimePipelineService pipeline;
  private final RuntimeAlertStore alerts;
  private final Clock clock;

  RuntimeDemo(RuntimeIngestService ingest, RuntimePipelineService pipeline, RuntimeAlertStore alerts, Clock clock) {
    this.ingest = ingest;
    this.pipeline = pipeline;
    this.alerts = alerts;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "runtime";
  }

  @Override
  public void contribute(DemoWorkspace demo, Cluster cluster) {
    if (!alerts.list(cluster.id(), Optional.empty(), 1).isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    int posted = 0;
    for (String[] f : FILES) {
      String path = "demo/runtime/" + cluster.name() + "/" + f[0];
      try (InputStream in = RuntimeDemo.class.getClassLoader().getResourceAsStream(path)) {
        if (in == null) {
          continue;
        }
        byte[] body = withTimes(new String(in.readAllBytes(), StandardCharsets.UTF_8), now)
            .getBytes(StandardCharsets.UTF_8);
        posted += ingest.accept(cluster.id(), f[1], new ByteArrayInputStream(body), body.length).events();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + path, e);
      }
    }
    if (posted > 0 && !pipeline.awaitIdle(Duration.ofSeconds(60))) {
      log.warn("the demo's runtime events for {} are still being processed", cluster.name());
    }
  }

  /** Replaces {@code @T-n@} with the time n seconds before {@code now}. */
  static String withTimes(String text, Instant now) {
    Matcher m = TIME.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, now.minusSeconds(Long.parseLong(m.group(1))).toString());
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
