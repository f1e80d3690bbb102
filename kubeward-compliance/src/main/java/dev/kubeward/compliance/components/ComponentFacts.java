package dev.kubeward.compliance.components;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubeward.compliance.components.internal.CommandFlags;
import dev.kubeward.inventory.KubeObject;
import dev.kubeward.inventory.ObjectTree;
import dev.kubeward.model.NotEvaluated;
import dev.kubeward.model.ResourceRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What Kubeward could see of the control plane and the kubelets: one object per component instance for the checks
 * (kind {@link ComponentKind#kind()}, the component's flags or configuration under {@code spec}), the real resource a
 * failure is reported on (the static pod, the Node), and, per kind, why it could not be seen when it could not.
 *
 * <p>A kind with no object and no reason never happens: {@link Builder#build()} gives every kind it was not given facts
 * for a reason, so a check can never pass on facts nobody looked at.
 */
public final class ComponentFacts {
  /** Largest {@code configz} response read; real ones are a few KiB. */
  public static final int MAX_CONFIGZ_CHARS = 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
        .maxNestingDepth(64).maxStringLength(64 * 1024).build());
  }

  private final List<Fact> facts;
  private final Map<String, NotEvaluated> notEvaluated;

  private ComponentFacts(List<Fact> facts, Map<String, NotEvaluated> notEvaluated) {
    this.facts = List.copyOf(facts);
    this.notEvaluated = java.util.Collections.unmodifiableMap(new TreeMap<>(notEvaluated));
  }

  /**
   * One component instance as the checks see it.
   *
   * @param kind the component
   * @param object the object the checks evaluate ({@code spec.flags} for static pods, {@code spec} = the kubelet
   *     configuration for kubelets)
   * @param reportedOn the resource a failure names: the static pod, or the kubelet's Node
   */
  public record Fact(ComponentKind kind, KubeObject object, ResourceRef reportedOn) {
    public Fact {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(object, "object");
      Objects.requireNonNull(reportedOn, "reportedOn");
    }
  }

  /** The component instances seen. */
  public List<Fact> facts() {
    return facts;
  }

  /** Per component kind ({@link ComponentKind#kind()}): why it was not (fully) seen. */
  public Map<String, NotEvaluated> notEvaluated() {
    return notEvaluated;
  }

  /** Collects facts; every kind left without facts gets a reason in {@link #build()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Collects the facts of one cluster. */
  public static final class Builder {
    private final List<Fact> facts = new ArrayList<>();
    private final Map<ComponentKind, NotEvaluated> gaps = new EnumMap<>(ComponentKind.class);
    private final Map<String, NotEvaluated> kubeletFailures = new TreeMap<>();
    private NotEvaluated kubeletOff;
    private boolean podsLooked;
    private int kubeletsRead;

    private Builder() {}

    /**
     * Adds the static control-plane pods among these pods: pods in {@code kube-system} whose {@code component} label
     * names a control-plane component and that are static (label {@code tier=control-plane}, as kubeadm writes it,
     * or the kubelet's mirror-pod annotation). Other pods are ignored.
     */
    public Builder staticPods(Collection<KubeObject> pods) {
      podsLooked = true;
      for (KubeObject pod : pods) {
        if (!pod.ref().kind().equals("Pod") || !pod.ref().namespace().equals("kube-system")) {
          continue;
        }
        Map<String, Object> content = pod.content();
        Map<String, Object> labels = ObjectTree.map(content, "metadata", "labels");
        Map<String, Object> annotations = ObjectTree.map(content, "metadata", "annotations");
        boolean isStatic = "control-plane".equals(labels.get("tier"))
            || annotations.containsKey("kubernetes.io/config.mirror");
        if (!isStatic) {
          continue;
        }
        ComponentKind.byComponent(String.valueOf(labels.get("component")))
            .ifPresent(kind -> facts.add(fromPod(kind, pod, content)));
      }
      return this;
    }

    /** The pods of {@code kube-system} could not be read; every control-plane component is not evaluated. */
    public Builder staticPodsUnreadable(NotEvaluated why) {
      podsLooked = true;
      for (ComponentKind k : ComponentKind.values()) {
        if (k.staticPod()) {
          gaps.put(k, new NotEvaluated(why.reason(), "Pods in kube-system could not be read, so the "
              + k.component() + " flags are unknown" + (why.detail().isEmpty() ? "" : ": " + why.detail())));
        }
      }
      return this;
    }

    /**
     * Adds one node's kubelet configuration from its {@code configz} response ({@code {"kubeletconfig": {...}}}). A
     * response that is not that shape counts as a failure to read the node.
     */
    public Builder kubelet(String node, String configzJson) {
      Objects.requireNonNull(node, "node");
      Map<String, Object> config;
      try {
        config = parseConfigz(configzJson);
      } catch (IllegalArgumentException e) {
        return kubeletFailed(node, new NotEvaluated(NotEvaluated.Reason.ERROR, e.getMessage()));
      }
      Map<String, Object> tree = new LinkedHashMap<>();
      tree.put("apiVersion", ComponentKind.API_VERSION);
      tree.put("kind", ComponentKind.KUBELET.kind());
      tree.put("metadata", Map.of("name", node));
      tree.put("spec", config);
      facts.add(new Fact(ComponentKind.KUBELET, KubeObject.of(tree, null), new ResourceRef("v1", "Node", "", node)));
      kubeletsRead++;
      return this;
    }

    /** One node's kubelet configuration could not be read (forbidden, node unreachable, ...). */
    public Builder kubeletFailed(String node, NotEvaluated why) {
      kubeletFailures.put(node, why);
      return this;
    }

    /** Reading kubelet configurations is off or impossible altogether (setting off, no live connection). */
    public Builder kubeletNotRead(NotEvaluated why) {
      kubeletOff = why;
      return this;
    }

    /** The facts; each kind without facts carries why. */
    public ComponentFacts build() {
      Map<String, NotEvaluated> out = new LinkedHashMap<>();
      gaps.forEach((k, why) -> out.put(k.kind(), why));
      for (ComponentKind k : ComponentKind.values()) {
        if (!k.staticPod() || out.containsKey(k.kind()) || facts.stream().anyMatch(f -> f.kind() == k)) {
          continue;
        }
        out.put(k.kind(), new NotEvaluated(NotEvaluated.Reason.DATA_MISSING, !podsLooked
            ? "the control-plane pods were not looked at"
            : k == ComponentKind.ETCD
                ? "no static etcd pod visible in kube-system: external or managed etcd, or a managed control plane"
                : "no static " + k.component() + " pod visible in kube-system: managed control plane, or "
                    + k.component() + " does not run as a static pod"));
      }
      if (kubeletOff != null) {
        out.put(ComponentKind.KUBELET.kind(), kubeletOff);
      } else if (!kubeletFailures.isEmpty()) {
        NotEvaluated first = kubeletFailures.values().iterator().next();
        List<String> each = new ArrayList<>();
        kubeletFailures.forEach((node, why) -> each.add(node + ": " + why.reason().label()
            + (why.detail().isEmpty() ? "" : " (" + why.detail() + ")")));
        int total = kubeletFailures.size() + kubeletsRead;
        out.put(ComponentKind.KUBELET.kind(), new NotEvaluated(first.reason(), "configz could not be read on "
            + kubeletFailures.size() + " of " + total + " nodes: " + String.join("; ", each.subList(0,
            Math.min(5, each.size()))) + (each.size() > 5 ? "; ..." : "")));
      } else if (kubeletsRead == 0) {
        out.put(ComponentKind.KUBELET.kind(), new NotEvaluated(NotEvaluated.Reason.DATA_MISSING,
            "no node's kubelet configuration was read"));
      }
      return new ComponentFacts(facts, out);
    }

    private static Fact fromPod(ComponentKind kind, KubeObject pod, Map<String, Object> content) {
      List<Object> containers = ObjectTree.list(content, "spec", "containers");
      Object container = containers.stream()
          .filter(c -> kind.component().equals(ObjectTree.text(c, "name"))).findFirst()
          .orElse(containers.isEmpty() ? Map.of() : containers.get(0));
      List<String> commandLine = new ArrayList<>();
      ObjectTree.list(container, "command").forEach(a -> commandLine.add(String.valueOf(a)));
      ObjectTree.list(container, "args").forEach(a -> commandLine.add(String.valueOf(a)));
      Map<String, Object> spec = new LinkedHashMap<>();
      spec.put("node", ObjectTree.text(content, "spec", "nodeName"));
      spec.put("image", ObjectTree.text(container, "image"));
      spec.put("flags", CommandFlags.parse(commandLine));
      Map<String, Object> tree = new LinkedHashMap<>();
      tree.put("apiVersion", ComponentKind.API_VERSION);
      tree.put("kind", kind.kind());
      tree.put("metadata", Map.of("name", pod.ref().name(), "namespace", pod.ref().namespace()));
      tree.put("spec", spec);
      return new Fact(kind, KubeObject.of(tree, null), pod.ref());
    }
  }

  /**
   * The {@code kubeletconfig} object of a {@code configz} response.
   *
   * @throws IllegalArgumentException saying what is wrong with the response
   */
  static Map<String, Object> parseConfigz(String json) {
    if (json == null || json.isBlank()) {
      throw new IllegalArgumentException("configz returned an empty response");
    }
    if (json.length() > MAX_CONFIGZ_CHARS) {
      throw new IllegalArgumentException("configz response larger than " + MAX_CONFIGZ_CHARS + " characters");
    }
    Object tree;
    try {
      tree = JSON.readValue(json, Object.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("configz response is not JSON: "
          + String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse(""));
    }
    if (!(tree instanceof Map<?, ?> root) || !(root.get("kubeletconfig") instanceof Map<?, ?> config)) {
      throw new IllegalArgumentException("configz response has no 'kubeletconfig' object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> normalized = (Map<String, Object>) ObjectTree.normalize(config);
    return normalized;
  }
}
