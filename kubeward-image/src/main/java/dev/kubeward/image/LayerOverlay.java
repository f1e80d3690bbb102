package dev.kubeward.image;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Stacks layers the way a container runtime does — later files replace earlier ones, whiteouts delete, opaque
 * directories hide what lower layers put in them — but only for the files somebody cares about, each carrying a
 * payload (for example what an analyzer found in it). For every surviving path it keeps the versions since the file
 * was last created, so a caller can tell which layer first brought in something that is still there.
 *
 * @param <T> what is known about one version of a file
 */
public final class LayerOverlay<T> {
  private final TreeMap<String, List<Version<T>>> files = new TreeMap<>();
  private final TreeMap<String, Link> symlinks = new TreeMap<>();
  private int lastLayer = -1;

  /** One layer's version of a file. */
  public record Version<T>(int layerIndex, T payload) {}

  private record Link(int layerIndex, String target) {}

  /**
   * What one layer changes.
   *
   * @param files files of interest the layer adds or replaces, with their payloads
   * @param whiteouts paths the layer deletes (with everything under them)
   * @param opaqueDirectories directories whose lower-layer content the layer hides
   * @param symlinks symbolic links the layer adds, path to target as written
   */
  public record Changes<T>(Map<String, T> files, Set<String> whiteouts, Set<String> opaqueDirectories,
      Map<String, String> symlinks) {
    public Changes {
      files = Map.copyOf(files);
      whiteouts = Set.copyOf(whiteouts);
      opaqueDirectories = Set.copyOf(opaqueDirectories);
      symlinks = Map.copyOf(symlinks);
    }
  }

  /** Applies the next layer; layers must come from the base up. */
  public void apply(int layerIndex, Changes<T> changes) {
    if (layerIndex <= lastLayer) {
      throw new IllegalArgumentException("layers must be applied in order: " + layerIndex + " after " + lastLayer);
    }
    lastLayer = layerIndex;
    for (String dir : changes.opaqueDirectories()) {
      removeBelow(files, dir, false);
      removeBelow(symlinks, dir, false);
    }
    for (String path : changes.whiteouts()) {
      files.remove(path);
      symlinks.remove(path);
      removeBelow(files, path, false);
      removeBelow(symlinks, path, false);
    }
    for (Map.Entry<String, String> l : changes.symlinks().entrySet()) {
      files.remove(l.getKey());
      symlinks.put(l.getKey(), new Link(layerIndex, l.getValue()));
    }
    for (Map.Entry<String, T> f : changes.files().entrySet()) {
      symlinks.remove(f.getKey());
      files.computeIfAbsent(f.getKey(), k -> new ArrayList<>()).add(new Version<>(layerIndex, f.getValue()));
    }
  }

  private static <V> void removeBelow(NavigableMap<String, V> map, String dir, boolean inclusive) {
    if (dir.isEmpty()) {
      map.clear();
      return;
    }
    map.subMap(dir + "/", true, dir + "/\uffff", true).clear();
    if (inclusive) {
      map.remove(dir);
    }
  }

  /** The surviving files of interest, each with its versions from oldest to newest. */
  public Map<String, List<Version<T>>> files() {
    return Collections.unmodifiableMap(files);
  }

  /** True when the path is, after all layers so far, a symbolic link. */
  public boolean isSymlink(String path) {
    return symlinks.containsKey(path);
  }

  /** The newest version of a path, following symbolic links (in any path segment) within the image. */
  public Optional<Version<T>> lookup(String path) {
    String resolved = resolve(path);
    List<Version<T>> v = resolved == null ? null : files.get(resolved);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(v.size() - 1));
  }

  /**
   * Resolves symbolic links in a path the way the kernel would inside the image's root: absolute targets start at
   * the image root, ".." never climbs above it.
   *
   * @return the resolved path, or null when a chain of links loops or is too long (more than 40 links)
   */
  public String resolve(String path) {
    List<String> pending = new ArrayList<>(List.of(path.split("/")));
    List<String> done = new ArrayList<>();
    int hops = 0;
    Set<String> seen = new HashSet<>();
    while (!pending.isEmpty()) {
      String part = pending.remove(0);
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!done.isEmpty()) {
          done.remove(done.size() - 1);
        }
        continue;
      }
      done.add(part);
      String current = String.join("/", done);
      Link link = symlinks.get(current);
      if (link != null) {
        if (++hops > 40 || !seen.add(current + "\0" + String.join("/", pending))) {
          return null;
        }
        done.remove(done.size() - 1);
        List<String> target = new ArrayList<>(List.of(link.target().split("/")));
        if (link.target().startsWith("/")) {
          done.clear();
        }
        target.addAll(pending);
        pending = target;
      }
    }
    return String.join("/", done);
  }
}
