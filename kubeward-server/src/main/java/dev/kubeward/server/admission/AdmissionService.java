package dev.kubeward.server.admission;

import dev.kubeward.server.settings.EffectiveSettings;
import dev.kubeward.server.settings.SettingsService;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * Answers admission requests within the cluster's time budget ({@code admission.timeBudgetMillis}, below the API
 * server's webhook timeout). Past the budget, when evaluation fails, or when too many requests wait, the configured
 * fallback is answered: fail-open (allow, with a warning) or fail-closed (deny, saying why). Denials, audit-mode
 * would-be denials and fallbacks are recorded off the request path.
 */
@Service
public class AdmissionService {
  private static final Logger log = LoggerFactory.getLogger(AdmissionService.class);
  private static final Fallback DEFAULT_FALLBACK = new Fallback(2000, false);

  private final Function<String, EffectiveSettings> settings;
  private final Decider evaluator;
  private final Recorder decisions;
  private final Clock clock;
  private final ThreadPoolExecutor evaluators;
  private final ThreadPoolExecutor recorder;
  /** Each cluster's last known budget and fallback, so a request that times out before its settings load still knows. */
  private final Map<String, Fallback> fallbacks = new ConcurrentHashMap<>();

  private static final long SETTINGS_TTL_NANOS = TimeUnit.SECONDS.toNanos(5);
  private final Map<String, CachedSettings> settingsCache = new ConcurrentHashMap<>();

  private record CachedSettings(EffectiveSettings settings, long loadedAt) {}

  private record Fallback(long budgetMillis, boolean failClosed) {}

  private record Evaluated(EffectiveSettings settings, AdmissionDecision decision) {}

  /** The policy, as the service sees it (tests give a slow or failing one). */
  interface Decider {
    AdmissionDecision evaluate(String clusterId, EffectiveSettings settings, AdmissionRequest request);
  }

  /** Where decisions are recorded. */
  interface Recorder {
    void insert(String clusterId, AdmissionRequest request, AdmissionDecision decision, Instant at);
  }

  @Autowired
  public AdmissionService(SettingsService settings, AdmissionEvaluator evaluator, AdmissionDecisionDao decisions,
      Clock clock) {
    this(settings::effective, evaluator::evaluate, decisions::insert, clock);
  }

  AdmissionService(Function<String, EffectiveSettings> settings, Decider evaluator, Recorder decisions, Clock clock) {
    this.settings = settings;
    this.evaluator = evaluator;
    this.decisions = decisions;
    this.clock = clock;
    int threads = Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
    this.evaluators = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256),
        daemons("kubeward-admission-"));
    this.recorder = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10_000),
        daemons("kubeward-admission-record-"));
  }

  /** Decides a request of {@code clusterId}, always within its budget. */
  public AdmissionDecision decide(String clusterId, AdmissionRequest request) {
    Fallback fallback = fallbacks.getOrDefault(clusterId, DEFAULT_FALLBACK);
    Future<Evaluated> future;
    try {
      future = evaluators.submit(() -> {
        EffectiveSettings s = settings(clusterId);
        return new Evaluated(s, evaluator.evaluate(clusterId, s, request));
      });
    } catch (RejectedExecutionException e) {
      return fallback(clusterId, request, fallback, "too many admission requests are waiting");
    }
    try {
      AdmissionDecision d = future.get(fallback.budgetMillis(), TimeUnit.MILLISECONDS).decision();
      if (d.recorded()) {
        record(clusterId, request, d);
      }
      return d;
    } catch (TimeoutException e) {
      future.cancel(true);
      return fallback(clusterId, request, fallback, "no decision within " + fallback.budgetMillis() + " ms");
    } catch (ExecutionException e) {
      log.warn("admission evaluation failed for {} {}/{} in cluster {}: {}", request.kind(), request.namespace(),
          request.name(), clusterId, String.valueOf(e.getCause()));
      return fallback(clusterId, request, fallback, "evaluation failed");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fallback(clusterId, request, fallback, "interrupted");
    }
  }

  /**
   * The cluster's effective settings, read at most every {@link #SETTINGS_TTL_NANOS}: a rollout sends hundreds of
   * reviews a second and the settings rarely change, so a change takes effect within seconds rather than per request.
   */
  EffectiveSettings settings(String clusterId) {
    long now = System.nanoTime();
    CachedSettings c = settingsCache.get(clusterId);
    if (c != null && now - c.loadedAt < SETTINGS_TTL_NANOS) {
      return c.settings;
    }
    EffectiveSettings s = settings.apply(clusterId);
    settingsCache.put(clusterId, new CachedSettings(s, now));
    fallbacks.put(clusterId, new Fallback(s.integer(AdmissionSettings.BUDGET),
        "failClosed".equals(s.get(AdmissionSettings.ON_TIMEOUT).value())));
    return s;
  }

  /** True when the cluster exists (its settings are known or can be read). */
  public boolean knows(String clusterId) {
    CachedSettings c = settingsCache.get(clusterId);
    return c != null && System.nanoTime() - c.loadedAt < SETTINGS_TTL_NANOS;
  }

  private AdmissionDecision fallback(String clusterId, AdmissionRequest request, Fallback f, String why) {
    AdmissionDecision d = f.failClosed()
        ? new AdmissionDecision(false, List.of("Kubeward could not decide (" + why + "); denied (fail-closed)"),
            List.of(), "fallback", why)
        : new AdmissionDecision(true, List.of(),
            List.of("Kubeward could not decide (" + why + "); allowed (fail-open)"), "fallback", why);
    record(clusterId, request, d);
    return d;
  }

  private void record(String clusterId, AdmissionRequest request, AdmissionDecision d) {
    try {
      recorder.execute(() -> {
        try {
          decisions.insert(clusterId, request, d, clock.instant());
        } catch (RuntimeException e) {
          log.warn("could not record the admission decision for {} {}/{}: {}", request.kind(), request.namespace(),
              request.name(), e.getMessage());
        }
      });
    } catch (RejectedExecutionException e) {
      log.warn("admission decisions are recorded slower than they come; dropped the one for {} {}/{}",
          request.kind(), request.namespace(), request.name());
    }
  }

  /** Waits until queued decision records are written (tests, shutdown). */
  public void flushRecords() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while ((recorder.getActiveCount() > 0 || !recorder.getQueue().isEmpty()) && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }

  @PreDestroy
  void stop() throws InterruptedException {
    evaluators.shutdownNow();
    recorder.shutdown();
    recorder.awaitTermination(5, TimeUnit.SECONDS);
  }

  private static ThreadFactory daemons(String prefix) {
    AtomicLong n = new AtomicLong();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
