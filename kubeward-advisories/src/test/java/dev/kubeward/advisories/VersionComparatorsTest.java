package dev.kubeward.advisories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeward.model.Ecosystem;
import dev.kubeward.model.Ecosystem.VersionScheme;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks every comparator against the orderings the ecosystems document, kept as data in
 * {@code src/test/resources/versions/<SCHEME>.txt}: each line a chain "A &lt; B = C ..." or "! V" for an invalid
 * version. Every pair in a chain is checked both ways, so transitivity and antisymmetry are tested too.
 */
class VersionComparatorsTest {
  static Stream<Arguments> chains() throws IOException {
    List<Arguments> out = new ArrayList<>();
    for (String scheme : List.of("DPKG", "RPM", "APK", "SEMVER", "GO", "PEP440", "MAVEN", "RUBYGEMS", "NUGET", "COMPOSER")) {
      try (InputStream in = VersionComparatorsTest.class.getResourceAsStream("/versions/" + scheme + ".txt")) {
        assertThat(in).as("versions/%s.txt", scheme).isNotNull();
        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
          if (!line.isBlank() && !line.startsWith("#")) {
            out.add(Arguments.of(scheme, line));
          }
        }
      }
    }
    return out.stream();
  }

  static VersionComparator comparator(String scheme) {
    return scheme.equals("GO") ? VersionComparators.forEcosystem(Ecosystem.GO)
        : VersionComparators.forScheme(VersionScheme.valueOf(scheme));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("chains")
  void ordersAsTheEcosystemDocuments(String scheme, String line) {
    VersionComparator c = comparator(scheme);
    if (line.startsWith("!")) {
      String bad = line.substring(1).trim();
      assertThat(c.isValid(bad)).as("'%s' must be invalid", bad).isFalse();
      assertThatThrownBy(() -> c.compare(bad, "1")).isInstanceOf(InvalidVersionException.class).hasMessageContaining(bad);
      return;
    }
    String[] t = line.trim().split("\\s+");
    List<String> versions = new ArrayList<>();
    List<String> ops = new ArrayList<>();
    for (int i = 0; i < t.length; i++) {
      (i % 2 == 0 ? versions : ops).add(t[i]);
    }
    // rank[i]: position of versions[i] in the chain's order; "=" keeps the rank, "<" raises it, ">" lowers it.
    int[] rank = new int[versions.size()];
    for (int i = 1; i < versions.size(); i++) {
      rank[i] = rank[i - 1] + switch (ops.get(i - 1)) {
        case "<" -> 1;
        case ">" -> -1;
        default -> 0;
      };
    }
    for (int i = 0; i < versions.size(); i++) {
      for (int j = 0; j < versions.size(); j++) {
        int expected = Integer.signum(rank[i] - rank[j]);
        if (Math.abs(rank[i] - rank[j]) > 1 && ops.contains(">")) {
          continue; // a mixed chain only orders neighbours
        }
        assertThat(c.compare(versions.get(i), versions.get(j)))
            .as("%s: compare(%s, %s)", scheme, versions.get(i), versions.get(j)).isEqualTo(expected);
      }
    }
  }

  @Test
  void everyEcosystemHasAComparator() {
    for (Ecosystem e : Ecosystem.values()) {
      assertThat(VersionComparators.forEcosystem(e)).as(e.osvName()).isNotNull();
    }
  }

  @Test
  void hugeVersionNumbersDoNotOverflow() {
    VersionComparator semver = VersionComparators.forScheme(VersionScheme.SEMVER);
    assertThat(semver.compare("1.99999999999999999999999999.0", "1.100000000000000000000000000.0")).isEqualTo(-1);
    String longVersion = "1." + "9".repeat(100_000);
    assertThat(semver.compare(longVersion, longVersion)).isZero();
  }
}
