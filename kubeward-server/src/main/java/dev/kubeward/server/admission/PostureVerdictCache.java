package dev.kubeward.server.admission;

import dev.kubeward.model.ResourceRef;
import dev.kubeward.posture.Finding;
import dev.kubeward.posture.PostureEngine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The posture findings of recently reviewed objects, so the CEL rules run once per distinct object rather than once
 * per review. A rollout of a Deployment with N replicas sends N Pod reviews that differ only in the pod's generated
 * name, uid and timestamps; evaluating the admission-capable rules is the largest CPU cost of a review (JFR,
 * bench/admission), so those N reviews cost one evaluation.
 *
 * <p>The key is the object without the fields the API server fills per object ({@code uid}, {@code resourceVersion},
 * {@code creationTimestamp}, {@code managedFields}, {@code generation}, {@code selfLink}, and {@code status}), and —
 * for an object named from {@code generateName} — without its generated name. Some rules print the name ("Pod
 * {{object.metadata.name}} runs in the default namespace"), so a hit for a sibling gets the findings with the name
 * they were made for replaced by its own: a generated name is its prefix plus five random characters, so the whole
 * name does not occur by chance in a message. Everything else, labels and annotations included, is part of the key,
 * so any change a rule could see is a miss. Entries belong to one engine (one set of rules and parameters): new rules
 * or parameters make a new engine and never see old findings.
 */
final class PostureVerdictCache {
  /** Rollouts repeat a handful of templates; a few hundred covers many concurrent ones at a few KB each. */
  static final int MAX_ENTRIES = 512;
  private static final Set<String> PER_OBJECT_METADATA =
      Set.of("uid", "resourceVersion", "creationTimestamp", "managedFields", "generation", "selfLink");

  private record Key(PostureEngine engine, Map<String, Object> object) {}

  /** Findings made for the object named {@code name}. */
  private record Entry(String name, List<Finding> findings) {}

  private final Map<Key, Entry> entries = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
      return size() > MAX_ENTRIES;
    }
  };
  private long hits;
  private long misses;

  /** The findings of {@code object} under {@code engine}: cached, or computed by {@code evaluate} and kept. */
  List<Finding> findings(PostureEngine engine, ResourceRef ref, Map<String, Object> object,
      Supplier<List<Finding>> evaluate) {
    Key key = new Key(engine, identity(object));
    Entry cached;
    synchronized (entries) {
      cached = entries.get(key);
      if (cached != null) {
        hits++;
      } else {
        misses++;
      }
    }
    if (cached != null) {
      return cached.name().equals(ref.name()) ? cached.findings() : renamed(cached, ref);
    }
    // Evaluated outside the lock: two concurrent misses of one template both evaluate, which is correct and rare.
    List<Finding> found = List.copyOf(evaluate.get());
    synchronized (entries) {
      entries.put(key, new Entry(ref.name(), found));
    }
    return found;
  }

  /** Reviews answered from the cache and evaluated, since start (tests, the benchmark). */
  long[] counts() {
    synchronized (entries) {
      return new long[] {hits, misses};
    }
  }

  private static List<Finding> renamed(Entry entry, ResourceRef ref) {
    List<Finding> out = new ArrayList<>(entry.findings().size());
    for (Finding f : entry.findings()) {
      out.add(new Finding(f.ruleId(), f.title(), f.severity(), f.category(), ref, f.container(),
          f.message() == null ? null : f.message().replace(entry.name(), ref.name()), f.remediation(), f.controls(),
          f.location(), f.outcome()));
    }
    return out;
  }

  /** The object as far as the rules can tell it apart from its siblings. Shares, never copies, the nested values. */
  static Map<String, Object> identity(Map<String, Object> object) {
    Map<String, Object> out = new LinkedHashMap<>(object);
    out.remove("status");
    if (object.get("metadata") instanceof Map<?, ?> meta) {
      Map<Object, Object> m = new LinkedHashMap<>(meta);
      m.keySet().removeAll(PER_OBJECT_METADATA);
      if (meta.get("generateName") instanceof String prefix && !prefix.isEmpty()
          && meta.get("name") instanceof String name && name.startsWith(prefix)) {
        m.remove("name");
      }
      out.put("metadata", m);
    }
    return out;
  }
}
