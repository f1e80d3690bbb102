package dev.kubeward.cli.runtime;

import dev.kubeward.cli.CliCommand;
import dev.kubeward.cli.ExitCodes;
import dev.kubeward.cli.UserInputException;
import dev.kubeward.model.Severity;
import dev.kubeward.runtime.alert.Alert;
import dev.kubeward.runtime.alert.AlertJson;
import dev.kubeward.runtime.alert.AlertStatus;
import dev.kubeward.runtime.detection.DetectionCatalog;
import dev.kubeward.runtime.detection.DetectionEngine;
import dev.kubeward.runtime.detection.DetectionStatus;
import dev.kubeward.runtime.detection.InvalidDetectionException;
import dev.kubeward.runtime.event.EntityType;
import dev.kubeward.runtime.event.EventFormats;
import dev.kubeward.runtime.event.EventInputException;
import dev.kubeward.runtime.event.IngestContext;
import dev.kubeward.runtime.event.IngestLimits;
import dev.kubeward.runtime.incident.Incident;
import dev.kubeward.runtime.incident.IncidentGrouper;
import dev.kubeward.runtime.pipeline.AlertBook;
import dev.kubeward.runtime.pipeline.RuntimePipeline;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kubeward runtime replay FILE...}: runs recorded events (audit logs, Falco or Tetragon JSON) through the
 * detections and prints the alerts they raise, for testing detections offline.
 */
@Command(name = "replay", description = "Run recorded events through the detections and print the alerts.",
    footer = {"", "Events are read in file order, each file streamed; stateful detections use event time."})
public class ReplayCommand implements Callable<Integer>, CliCommand {
  enum Output { table, json }

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE",
      description = "Kubernetes audit log (JSON lines, optionally gzip), Falco JSON or Tetragon JSON export.")
  List<Path> files;

  @Option(names = "--format", defaultValue = "table", description = "Output: table or json (default: ${DEFAULT-VALUE}).")
  Output format;

  @Option(names = "--event-format", paramLabel = "ID",
      description = "Format of the files: kubernetes-audit, falco or tetragon (default: detected from each file).")
  String eventFormat;

  @Option(names = "--cluster", defaultValue = "replay", description = "Cluster name put on the events (default: ${DEFAULT-VALUE}).")
  String cluster;

  @Option(names = "--detections", paramLabel = "DIR", description = "Also load the detection files (*.yaml) in DIR.")
  Path detectionsDir;

  @Option(names = "--fail-on", paramLabel = "SEVERITY",
      description = "Exit with 1 when an alert of this severity or worse is raised (High, Medium, Low, Informational).")
  String failOn;

  @Option(names = "--quiet", description = "No progress or notes on standard error.")
  boolean quiet;

  @Override
  public String parent() {
    return "runtime";
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Severity threshold = parseFailOn();
    DetectionCatalog catalog = catalog();
    EventFormats formats = EventFormats.load();
    if (eventFormat != null && formats.find(eventFormat).isEmpty()) {
      throw new UserInputException("unknown event format '" + eventFormat + "'; known: "
          + String.join(", ", formats.all().stream().map(f -> f.id()).toList()));
    }
    AtomicInteger ids = new AtomicInteger();
    DetectionEngine engine = DetectionEngine.builder(catalog).build();
    RuntimePipeline pipeline = new RuntimePipeline(null, engine,
        new AlertBook(() -> "alert-" + ids.incrementAndGet(), null, null), Clock.systemUTC());
    AtomicLong events = new AtomicLong();
    boolean progress = System.console() != null && !quiet;
    for (Path file : files) {
      if (!Files.isRegularFile(file)) {
        throw new UserInputException("cannot read " + file + ": no such file");
      }
      try {
        long n = formats.readFile(file, eventFormat, new IngestContext(cluster, file.getFileName().toString(),
            Instant.now()), IngestLimits.DEFAULT, e -> {
              pipeline.accept(e);
              events.incrementAndGet();
            });
        if (progress) {
          err.println("read " + n + " events from " + file);
        }
      } catch (EventInputException e) {
        throw new UserInputException(e.getMessage(), e);
      } catch (IOException | UncheckedIOException e) {
        throw new UserInputException("cannot read " + file + ": " + e.getMessage(), e);
      }
    }
    List<Alert> alerts = new ArrayList<>(pipeline.alerts().alerts());
    alerts.sort(Comparator.comparing(Alert::risk).thenComparing(Alert::severity).thenComparing(Alert::firstSeen)
        .thenComparing(Alert::id));
    List<Incident> incidents = IncidentGrouper.defaults().group(alerts);
    List<DetectionStatus> notEvaluated = engine.status().stream()
        .filter(s -> s.enabled() && s.notEvaluated().isPresent()).toList();
    if (format == Output.json) {
      out.println(AlertJson.write(json(alerts, incidents, notEvaluated, events.get()), true));
    } else {
      printTable(out, alerts, incidents, events.get());
      if (!quiet) {
        for (DetectionStatus s : notEvaluated) {
          err.println("not evaluated: " + s.detectionId() + " (" + s.notEvaluated().get().detail() + ")");
        }
      }
    }
    out.flush();
    boolean fail = threshold != null && alerts.stream()
        .anyMatch(a -> a.status() != AlertStatus.DISMISSED && a.severity().atLeast(threshold));
    return fail ? ExitCodes.FINDINGS : ExitCodes.OK;
  }

  private Severity parseFailOn() {
    if (failOn == null) {
      return null;
    }
    try {
      return Severity.parse(failOn);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--fail-on: " + e.getMessage());
    }
  }

  private DetectionCatalog catalog() {
    try {
      DetectionCatalog c = DetectionCatalog.builtIn();
      if (detectionsDir != null) {
        if (!Files.isDirectory(detectionsDir)) {
          throw new UserInputException("--detections: " + detectionsDir + " is not a directory");
        }
        c = c.with(DetectionCatalog.fromDirectory(detectionsDir));
      }
      return c;
    } catch (InvalidDetectionException e) {
      throw new UserInputException(e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new UserInputException(e.getMessage(), e);
    }
  }

  private static Map<String, Object> json(List<Alert> alerts, List<Incident> incidents,
      List<DetectionStatus> notEvaluated, long events) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("events", events);
    m.put("alerts", alerts.stream().map(AlertJson::toMap).toList());
    List<Map<String, Object>> inc = new ArrayList<>();
    for (Incident i : incidents) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("id", i.id());
      x.put("title", i.title());
      x.put("severity", i.severity().label());
      x.put("firstSeen", i.firstSeen().toString());
      x.put("lastSeen", i.lastSeen().toString());
      x.put("alerts", i.alertIds());
      x.put("sharedEntities", i.sharedEntities().stream().map(e -> e.key()).toList());
      inc.add(x);
    }
    m.put("incidents", inc);
    m.put("notEvaluated", notEvaluated.stream().map(s -> Map.of("detection", s.detectionId(),
        "reason", s.notEvaluated().get().describe())).toList());
    return m;
  }

  private static void printTable(PrintWriter out, List<Alert> alerts, List<Incident> incidents, long events) {
    String fmt = "%-13s %-36s %5s  %-20s  %-40s %s%n";
    if (!alerts.isEmpty()) {
      out.printf(fmt, "SEVERITY", "DETECTION", "COUNT", "FIRST SEEN", "WHERE", "TITLE");
    }
    for (Alert a : alerts) {
      out.printf(fmt, a.severity().label(), a.detectionId(), a.count(), a.firstSeen().toString().replaceFirst(
          "\\.\\d+Z$", "Z"), where(a), a.title());
    }
    for (Incident i : incidents) {
      out.println("incident " + i.id() + ": " + i.title() + " (" + i.severity().label() + "): "
          + String.join(", ", i.alertIds()));
    }
    out.println(alerts.size() + (alerts.size() == 1 ? " alert" : " alerts") + " from " + events
        + (events == 1 ? " event" : " events"));
  }

  private static String where(Alert a) {
    for (EntityType t : List.of(EntityType.WORKLOAD, EntityType.POD, EntityType.RESOURCE, EntityType.NODE,
        EntityType.USER)) {
      String v = a.entity(t);
      if (!v.isEmpty()) {
        return v.length() > 40 ? v.substring(0, 37) + "..." : v;
      }
    }
    return "-";
  }
}
