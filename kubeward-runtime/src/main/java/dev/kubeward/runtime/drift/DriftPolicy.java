package dev.kubeward.runtime.drift;

import dev.kubeward.runtime.event.RuntimeEvent;
import dev.kubeward.runtime.internal.Glob;
import java.util.List;
import java.util.Objects;

/**
 * One drift policy: which drifted processes it covers and whether they alert. Every criterion that is set must match;
 * list criteria are shell-style globs, any of which may match. Policies are evaluated in order and the first that
 * matches decides.
 *
 * @param id stable id
 * @param name display name
 * @param action allow or alert
 * @param clusters cluster ids (globs); empty for all
 * @param namespaces namespaces (globs); empty for all
 * @param labelSelector pod labels; {@link LabelSelector#ANY} for all
 * @param images image references (globs, e.g. {@code registry.example.com/tools/*}); empty for all
 * @param paths executable paths (globs, e.g. {@code /usr/local/lib/plugins/*}); empty for all
 */
public record DriftPolicy(
    String id,
    String name,
    DriftAction action,
    List<String> clusters,
    List<String> namespaces,
    LabelSelector labelSelector,
    List<String> images,
    List<String> paths) {

  public DriftPolicy {
    Objects.requireNonNull(id, "id");
    name = name == null ? id : name;
    Objects.requireNonNull(action, "action");
    clusters = clusters == null ? List.of() : List.copyOf(clusters);
    namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
    labelSelector = labelSelector == null ? LabelSelector.ANY : labelSelector;
    images = images == null ? List.of() : List.copyOf(images);
    paths = paths == null ? List.of() : List.copyOf(paths);
  }

  /** True when the policy covers the event's process. */
  public boolean matches(RuntimeEvent e) {
    return Glob.anyMatches(clusters, e.cluster())
        && Glob.anyMatches(namespaces, e.namespace())
        && labelSelector.matches(e.podLabels())
        && Glob.anyMatches(images, e.image())
        && Glob.anyMatches(paths, e.process().executable().isEmpty() ? e.process().name() : e.process().executable());
  }
}
