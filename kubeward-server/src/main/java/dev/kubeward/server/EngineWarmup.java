package dev.kubeward.server;

import dev.kubeward.compliance.Standards;
import dev.kubeward.posture.RuleSet;
import dev.kubeward.runtime.detection.DetectionCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Compiles the built-in rules, detections and standards once the server answers, on one low-priority thread.
 * The engines compile on first use anyway; doing it here, after start, keeps it out of both the start-up time and the
 * first scan or the first ingested batch, which would otherwise wait for it.
 */
@Component
class EngineWarmup {
  private static final Logger log = LoggerFactory.getLogger(EngineWarmup.class);

  @EventListener(ApplicationReadyEvent.class)
  void warmUp() {
    Thread t = new Thread(EngineWarmup::compileAll, "kubeward-engine-warmup");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
  }

  private static void compileAll() {
    long start = System.nanoTime();
    try {
      RuleSet.builtIn();
      DetectionCatalog.builtIn();
      Standards.builtIn();
      log.debug("built-in engines compiled in {} ms", (System.nanoTime() - start) / 1_000_000);
    } catch (RuntimeException e) {
      // The same failure surfaces, with its context, where the engine is first used; here it is only early news.
      log.warn("compiling the built-in engines failed: {}", e.toString());
    }
  }
}
