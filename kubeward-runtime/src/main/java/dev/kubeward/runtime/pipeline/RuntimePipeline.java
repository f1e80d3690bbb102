package dev.kubeward.runtime.pipeline;

import dev.kubeward.runtime.alert.Alert;
import dev.kubeward.runtime.detection.DetectionEngine;
import dev.kubeward.runtime.detection.DetectionHit;
import dev.kubeward.runtime.event.EventEnricher;
import dev.kubeward.runtime.event.RuntimeEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Events in, alert changes out: enrich, detect, deduplicate, assess risk, suppress. The CLI's replay and the test
 * alert run through it; the server does the same steps with its database in place of the {@link AlertBook}.
 */
public final class RuntimePipeline {
  private final EventEnricher enricher;
  private final DetectionEngine engine;
  private final AlertBook book;
  private final Clock clock;

  public RuntimePipeline(EventEnricher enricher, DetectionEngine engine, AlertBook book, Clock clock) {
    this.enricher = enricher == null ? EventEnricher.NONE : enricher;
    this.engine = engine;
    this.book = book;
    this.clock = clock;
  }

  /** Runs one event through; returns the alerts it created or changed. */
  public List<AlertChange> accept(RuntimeEvent event) {
    RuntimeEvent enriched = enricher.enrich(event);
    List<DetectionHit> hits = engine.process(enriched);
    if (hits.isEmpty()) {
      return List.of();
    }
    List<AlertChange> changes = new ArrayList<>(hits.size());
    for (DetectionHit h : hits) {
      changes.add(book.record(h, clock.instant()));
    }
    return changes;
  }

  /**
   * Makes a test alert through the whole pipeline.
   *
   * @throws IllegalStateException when the test-alert detection is missing or turned off
   */
  public Alert testAlert(String cluster, String requestedBy, String requestId) {
    List<AlertChange> changes = accept(TestAlerts.event(cluster, requestedBy, requestId, clock.instant()));
    return changes.stream().map(AlertChange::alert).filter(a -> a.detectionId().equals(TestAlerts.DETECTION_ID))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("the detection " + TestAlerts.DETECTION_ID
            + " is not loaded or is turned off, so test alerts cannot be raised"));
  }

  /** The engine. */
  public DetectionEngine engine() {
    return engine;
  }

  /** The alerts so far. */
  public AlertBook alerts() {
    return book;
  }
}
