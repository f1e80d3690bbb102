package dev.kubeward.runtime.incident;

import dev.kubeward.model.Severity;
import dev.kubeward.runtime.alert.Alert;
import dev.kubeward.runtime.event.Entity;
import dev.kubeward.runtime.event.EntityType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Groups alerts into incidents. Two alerts of one cluster are linked when they share an entity of a linking type and
 * their active periods (first to last seen) come within the window of each other; incidents are the connected groups
 * of two or more alerts. The result depends only on the alerts, so regrouping gives the same incident ids.
 */
public final class IncidentGrouper {
  /** Entity types that link alerts by default: the same workload, pod, container, user or remote address. */
  public static final Set<EntityType> DEFAULT_LINKS = Set.of(EntityType.WORKLOAD, EntityType.POD,
      EntityType.CONTAINER, EntityType.USER, EntityType.REMOTE_ADDRESS);
  /** Values too common to link anything (every container process runs as root). */
  public static final Set<String> DEFAULT_IGNORED = Set.of("root", "0", "nobody");

  private final Duration window;
  private final Set<EntityType> links;
  private final Set<String> ignoredValues;

  public IncidentGrouper(Duration window, Set<EntityType> links, Set<String> ignoredValues) {
    this.window = window;
    this.links = Set.copyOf(links);
    this.ignoredValues = Set.copyOf(ignoredValues);
  }

  /** One hour, the default links and ignored values. */
  public static IncidentGrouper defaults() {
    return new IncidentGrouper(Duration.ofHours(1), DEFAULT_LINKS, DEFAULT_IGNORED);
  }

  /** The incidents among these alerts, earliest first. Alerts linked to nothing belong to no incident. */
  public List<Incident> group(Collection<Alert> alerts) {
    List<Alert> sorted = new ArrayList<>(alerts);
    sorted.sort(Comparator.comparing(Alert::firstSeen).thenComparing(Alert::id));
    int n = sorted.size();
    int[] parent = new int[n];
    for (int i = 0; i < n; i++) {
      parent[i] = i;
    }
    Map<String, List<Integer>> byEntity = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      for (Entity e : linking(sorted.get(i))) {
        byEntity.computeIfAbsent(sorted.get(i).cluster() + "\u001f" + e.key(), k -> new ArrayList<>()).add(i);
      }
    }
    long windowMillis = window.toMillis();
    for (List<Integer> members : byEntity.values()) {
      // Members are in first-seen order: sweep, linking each alert to the running group while periods overlap.
      int anchor = members.get(0);
      long reach = sorted.get(anchor).lastSeen().toEpochMilli() + windowMillis;
      for (int m = 1; m < members.size(); m++) {
        int i = members.get(m);
        Alert a = sorted.get(i);
        if (a.firstSeen().toEpochMilli() <= reach) {
          union(parent, anchor, i);
          reach = Math.max(reach, a.lastSeen().toEpochMilli() + windowMillis);
        } else {
          anchor = i;
          reach = a.lastSeen().toEpochMilli() + windowMillis;
        }
      }
    }
    Map<Integer, List<Alert>> groups = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      groups.computeIfAbsent(find(parent, i), k -> new ArrayList<>()).add(sorted.get(i));
    }
    List<Incident> out = new ArrayList<>();
    for (List<Alert> g : groups.values()) {
      if (g.size() >= 2) {
        out.add(incident(g));
      }
    }
    out.sort(Comparator.comparing(Incident::firstSeen).thenComparing(Incident::id));
    return out;
  }

  private List<Entity> linking(Alert a) {
    List<Entity> out = new ArrayList<>();
    for (Entity e : a.entities()) {
      if (links.contains(e.type()) && !ignoredValues.contains(e.value())) {
        out.add(e);
      }
    }
    return out;
  }

  private Incident incident(List<Alert> g) {
    Map<Entity, Integer> counts = new HashMap<>();
    for (Alert a : g) {
      for (Entity e : new TreeSet<>(linking(a))) {
        counts.merge(e, 1, Integer::sum);
      }
    }
    List<Entity> shared = counts.entrySet().stream().filter(x -> x.getValue() >= 2).map(Map.Entry::getKey).sorted()
        .toList();
    Severity worst = g.stream().map(Alert::severity).min(Comparator.naturalOrder()).orElse(Severity.INFORMATIONAL);
    String focus = shared.isEmpty() ? g.get(0).cluster() : shared.get(0).type().wireName() + " " + shared.get(0).value();
    List<String> ids = g.stream().map(Alert::id).toList();
    return new Incident("inc-" + sha256(g.get(0).cluster() + "\u001f" + ids.get(0)).substring(0, 16),
        g.get(0).cluster(), g.size() + " alerts on " + focus, worst, g.get(0).firstSeen(),
        g.stream().map(Alert::lastSeen).max(Comparator.naturalOrder()).orElseThrow(), ids, shared);
  }

  private static int find(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  private static void union(int[] parent, int a, int b) {
    int ra = find(parent, a);
    int rb = find(parent, b);
    if (ra != rb) {
      parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
