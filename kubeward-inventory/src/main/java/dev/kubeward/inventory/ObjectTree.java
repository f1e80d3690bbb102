package dev.kubeward.inventory;

import dev.kubeward.inventory.internal.ObjectTrees;
import java.util.List;
import java.util.Map;

/**
 * Helpers for the normalised trees that {@link KubeObject#content()} returns: maps with String keys, {@code Long} and
 * {@code Double} numbers, no null values. The rule engine needs exactly this shape (CEL has no {@code int32}).
 */
public final class ObjectTree {
  private ObjectTree() {}

  /** Normalises any parsed YAML/JSON tree (Integer to Long, Float to Double, binary to base64, nulls dropped). */
  public static Object normalize(Object tree) {
    return ObjectTrees.normalize(tree);
  }

  /** Compact JSON text of a tree. */
  public static String toJson(Object tree) {
    return new String(ObjectTrees.toJson(tree), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Parses JSON text into a normalised tree. */
  public static Object fromJson(String json) {
    return ObjectTrees.fromJson(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The map at a path of keys, or an empty map. */
  public static Map<String, Object> map(Object root, String... path) {
    return ObjectTrees.map(root, path);
  }

  /** The list at a path of keys, or an empty list. */
  public static List<Object> list(Object root, String... path) {
    return ObjectTrees.list(root, path);
  }

  /** The text at a path of keys, or "". */
  public static String text(Object root, String... path) {
    return ObjectTrees.text(root, path);
  }
}
