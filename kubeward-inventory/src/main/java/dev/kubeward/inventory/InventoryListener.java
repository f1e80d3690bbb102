package dev.kubeward.inventory;

/**
 * Told about every change of an {@link Inventory}: an added object ({@code before} null), a changed one, or a removed
 * one ({@code after} null). Called on the thread that made the change; keep it short.
 */
@FunctionalInterface
public interface InventoryListener {
  void changed(KubeObject before, KubeObject after);
}
