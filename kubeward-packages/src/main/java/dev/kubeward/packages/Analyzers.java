package dev.kubeward.packages;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Predicate;

/** The one registry of analyzers: everything listed under {@code META-INF/services}, in a stable order. */
public final class Analyzers {
  private final List<PackageAnalyzer> all;

  private Analyzers(List<PackageAnalyzer> all) {
    this.all = List.copyOf(all);
  }

  /** Every analyzer on the class path. */
  public static Analyzers discover() {
    List<PackageAnalyzer> list = new ArrayList<>();
    ServiceLoader.load(PackageAnalyzer.class, Analyzers.class.getClassLoader()).forEach(list::add);
    list.sort(Comparator.comparing(PackageAnalyzer::name));
    return new Analyzers(list);
  }

  /** A fixed set, for tests and embedding. */
  public static Analyzers of(List<PackageAnalyzer> analyzers) {
    List<PackageAnalyzer> list = new ArrayList<>(analyzers);
    list.sort(Comparator.comparing(PackageAnalyzer::name));
    return new Analyzers(list);
  }

  /** The subset matching a condition (e.g. operating-system analyzers only, for host roots). */
  public Analyzers filter(Predicate<PackageAnalyzer> keep) {
    return new Analyzers(all.stream().filter(keep).toList());
  }

  public List<PackageAnalyzer> list() {
    return all;
  }

  /** Names and versions of every analyzer: results cached under another fingerprint are recomputed. */
  public String fingerprint() {
    StringBuilder b = new StringBuilder();
    for (PackageAnalyzer a : all) {
      b.append(a.name()).append('@').append(a.version()).append('\n');
    }
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
