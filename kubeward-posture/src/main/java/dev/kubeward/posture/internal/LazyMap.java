package dev.kubeward.posture.internal;

import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A read-only map whose values are computed on first access. {@code related} facts cost graph queries; most rules
 * never look at them, so they are computed only when a condition reads them.
 */
public final class LazyMap extends AbstractMap<String, Object> {
  private final Map<String, Supplier<Object>> suppliers;
  private final Map<String, Object> values = new LinkedHashMap<>();

  public LazyMap(Map<String, Supplier<Object>> suppliers) {
    this.suppliers = suppliers;
  }

  @Override
  public Object get(Object key) {
    if (values.containsKey(key)) {
      return values.get(key);
    }
    Supplier<Object> s = suppliers.get(key);
    if (s == null) {
      return null;
    }
    Object v = s.get();
    values.put((String) key, v);
    return v;
  }

  @Override
  public boolean containsKey(Object key) {
    return suppliers.containsKey(key);
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    suppliers.keySet().forEach(this::get);
    return java.util.Collections.unmodifiableMap(values).entrySet();
  }

  @Override
  public int size() {
    return suppliers.size();
  }
}
