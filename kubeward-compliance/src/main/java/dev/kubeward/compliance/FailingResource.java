package dev.kubeward.compliance;

import dev.kubeward.model.ResourceRef;
import java.util.Objects;

/**
 * A resource failing one rule of a control.
 *
 * @param resource the object (workloads stand for their pods)
 * @param container the container for container rules, else ""
 * @param message the rule's message for this resource
 */
public record FailingResource(ResourceRef resource, String container, String message)
    implements Comparable<FailingResource> {
  public FailingResource {
    Objects.requireNonNull(resource, "resource");
    container = container == null ? "" : container;
    message = message == null ? "" : message;
  }

  @Override
  public int compareTo(FailingResource o) {
    int c = resource.compareTo(o.resource);
    return c != 0 ? c : container.compareTo(o.container);
  }
}
