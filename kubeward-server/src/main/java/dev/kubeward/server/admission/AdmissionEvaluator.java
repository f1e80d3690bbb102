package dev.kubeward.server.admission;

import dev.kubeward.inventory.Inventory;
import dev.kubeward.inventory.KubeObject;
import dev.kubeward.model.ProtectionComponent;
import dev.kubeward.model.Severity;
import dev.kubeward.posture.AdmissionPolicyExporter;
import dev.kubeward.posture.EngineOptions;
import dev.kubeward.posture.Finding;
import dev.kubeward.posture.PostureEngine;
import dev.kubeward.posture.Rule;
import dev.kubeward.posture.RuleSet;
import dev.kubeward.server.posture.PostureRules;
import dev.kubeward.server.posture.RuleParameters;
import dev.kubeward.server.settings.EffectiveSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The gated-deployment policy: what one request deserves under a cluster's effective settings. Pure decision logic —
 * the time budget, the fallback and the audit record are {@link AdmissionService}'s.
 */
@Component
public class AdmissionEvaluator {
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

  private final ImageVerdictSource verdicts;
  private final PostureRules rules;
  private final RuleParameters parameters;
  private final Map<EngineKey, PostureEngine> engines = new ConcurrentHashMap<>();
  private final PostureVerdictCache cache = new PostureVerdictCache();

  private record EngineKey(RuleSet rules, Map<String, Map<String, Object>> params) {}

  public AdmissionEvaluator(ImageVerdictSource verdicts, PostureRules rules, RuleParameters parameters) {
    this.verdicts = verdicts;
    this.rules = rules;
    this.parameters = parameters;
  }

  /** Decides one request of {@code clusterId} under its effective settings. */
  public AdmissionDecision evaluate(String clusterId, EffectiveSettings settings, AdmissionRequest request) {
    for (ProtectionComponent needed : List.of(ProtectionComponent.SENSOR, ProtectionComponent.REGISTRY_ACCESS)) {
      EffectiveSettings.ComponentStatus c = settings.component(needed);
      if (!c.active()) {
        return new AdmissionDecision(true, List.of(), List.of(
            clip("Kubeward gated deployment is off for this cluster: " + c.reason())), "off", "");
      }
    }
    if (!request.evaluated() || settings.stringList(AdmissionSettings.EXEMPT_NAMESPACES)
        .contains(request.namespace())) {
      return AdmissionDecision.allow("off");
    }
    String mode = (String) settings.get(AdmissionSettings.ENFORCEMENT).value();
    List<String> deny = new ArrayList<>();
    List<String> warn = new ArrayList<>();
    images(clusterId, settings, request, deny, warn);
    posture(settings, request, deny, warn);
    if (deny.isEmpty()) {
      return new AdmissionDecision(true, deny, warn, mode, "");
    }
    if (mode.equals("enforce")) {
      return new AdmissionDecision(false, deny, warn, mode, "");
    }
    List<String> audit = new ArrayList<>();
    deny.forEach(d -> audit.add(clip("Kubeward audit mode, would deny: " + d)));
    audit.addAll(warn);
    return new AdmissionDecision(true, deny, audit, mode, "");
  }

  private void images(String clusterId, EffectiveSettings settings, AdmissionRequest request, List<String> deny,
      List<String> warn) {
    String unscanned = (String) settings.get(AdmissionSettings.UNSCANNED).value();
    boolean denyCritical = settings.bool(AdmissionSettings.DENY_CRITICAL_WITH_FIX);
    boolean denyKev = settings.bool(AdmissionSettings.DENY_KEV);
    for (String image : request.images()) {
      String digest = digest(image);
      ImageVerdict v = digest == null ? ImageVerdict.UNSCANNED : verdicts.verdict(clusterId, digest);
      if (!v.scanned()) {
        String why = digest == null ? "image " + image + " is not pinned by digest, so its scan result is unknown"
            : "image " + image + " has not been scanned";
        switch (unscanned) {
          case "deny" -> deny.add(clip(why));
          case "warn" -> warn.add(clip(why));
          default -> { }
        }
        continue;
      }
      if (denyCritical && v.criticalWithFix() > 0) {
        deny.add(clip("image " + image + " has " + v.criticalWithFix() + " Critical vulnerabilit"
            + (v.criticalWithFix() == 1 ? "y" : "ies") + " with a fix"));
      }
      if (denyKev && v.knownExploited() > 0) {
        deny.add(clip("image " + image + " has " + v.knownExploited() + " known exploited vulnerabilit"
            + (v.knownExploited() == 1 ? "y" : "ies") + " (CISA KEV)"));
      }
    }
  }

  private void posture(EffectiveSettings settings, AdmissionRequest request, List<String> deny, List<String> warn) {
    String policy = (String) settings.get(AdmissionSettings.POSTURE).value();
    if (policy.equals("off")) {
      return;
    }
    PostureEngine engine = engine(settings);
    KubeObject object;
    try {
      object = KubeObject.of(request.object(), null);
    } catch (IllegalArgumentException e) {
      warn.add(clip("misconfiguration rules not evaluated: " + e.getMessage()));
      return;
    }
    if (!engine.evaluates(object.ref().kind())) {
      return;
    }
    List<Finding> findings = cache.findings(engine, object.ref(), request.object(), () -> {
      Inventory single = new Inventory();
      single.put(object);
      return engine.evaluate(single, object);
    });
    for (Finding f : findings) {
      String where = f.container().isEmpty() ? "" : " (container " + f.container() + ")";
      if (f.outcome() != Finding.Outcome.FAIL) {
        warn.add(clip("rule " + f.ruleId() + " could not be evaluated" + where + ": " + f.message()));
      } else if (policy.equals("denyHigh") && f.severity().atLeast(Severity.HIGH)) {
        deny.add(clip(f.ruleId() + " " + f.title() + where + ": " + f.message()));
      } else {
        warn.add(clip(f.ruleId() + " " + f.title() + where));
      }
    }
  }

  /** An engine over the admission-capable rules with the cluster's parameters; compiled once per rules and values. */
  private PostureEngine engine(EffectiveSettings settings) {
    RuleSet all = rules.ruleSet();
    EngineKey key = new EngineKey(all, parameters.values(settings));
    PostureEngine engine = engines.get(key);
    if (engine == null) {
      if (engines.size() > 64) {
        engines.clear();
      }
      List<String> capable = all.rules().stream().filter(AdmissionPolicyExporter::admissionCapable)
          .map(Rule::id).toList();
      engine = new PostureEngine(all.only(capable), EngineOptions.defaults().withParams(key.params()));
      engines.put(key, engine);
    }
    return engine;
  }

  /** Posture evaluations answered from the cache and computed, since start. */
  long[] postureCacheCounts() {
    return cache.counts();
  }

  /** The digest of a reference pinned by digest ({@code repo@sha256:...}), else null. */
  static String digest(String image) {
    int at = image.lastIndexOf('@');
    if (at < 0) {
      return null;
    }
    String d = image.substring(at + 1);
    return DIGEST.matcher(d).matches() ? d : null;
  }

  /** Kubernetes may truncate long warnings; keep each one line and short. */
  static String clip(String s) {
    String line = s.replace('\n', ' ').replace('\r', ' ');
    return line.length() <= 250 ? line : line.substring(0, 249) + "…";
  }
}
