package dev.kubeward.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** COPY text format: fields escaped wherever the special characters stand, null as \N, tabs between fields. */
class PostgresCopyFieldTest {

  static String row(Object... values) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      PostgresCopy.field(sb, values[i], i == 0);
    }
    return sb.toString();
  }

  @Test
  void plainValuesAreCopiedAsTheyAre() {
    assertThat(row("pod-1", 42, "2026-11-29T10:00:00Z")).isEqualTo("pod-1\t42\t2026-11-29T10:00:00Z");
  }

  @Test
  void specialCharactersAreEscapedAtTheStartInTheMiddleAndAtTheEnd() {
    assertThat(row("\\start", "mid\tdle", "end\n", "\r")).isEqualTo("\\\\start\tmid\\tdle\tend\\n\t\\r");
    assertThat(row("a\\b\tc\nd\re")).isEqualTo("a\\\\b\\tc\\nd\\re");
  }

  @Test
  void nullIsBackslashN() {
    assertThat(row("x", null, "")).isEqualTo("x\t\\N\t");
  }
}
