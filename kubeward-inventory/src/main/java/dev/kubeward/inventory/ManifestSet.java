package dev.kubeward.inventory;

import java.util.List;

/**
 * What {@link ManifestLoader} read: the objects, and every problem (broken documents, objects without identity,
 * skipped Helm chart sources). A problem never stops the rest of the input from loading.
 */
public record ManifestSet(List<KubeObject> objects, List<LoadProblem> problems) {
  public ManifestSet {
    objects = List.copyOf(objects);
    problems = List.copyOf(problems);
  }

  /** The problems that are real errors (not knowingly skipped input). */
  public List<LoadProblem> errors() {
    return problems.stream().filter(p -> !p.skipped()).toList();
  }

  /** An inventory holding these objects. */
  public Inventory toInventory() {
    Inventory inventory = new Inventory();
    objects.forEach(inventory::put);
    return inventory;
  }
}
