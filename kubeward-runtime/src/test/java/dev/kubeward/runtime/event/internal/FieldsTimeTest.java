package dev.kubeward.runtime.event.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written UTC reader agrees with the JDK's parser wherever it answers, and hands everything else over. */
class FieldsTimeTest {

  @Test
  void readsWhatInstantParseReadsForRandomTimestampsAtEveryPrecision() {
    Random r = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      Instant t = Instant.ofEpochSecond(r.nextLong(-2_000_000_000L, 8_000_000_000L), r.nextInt(1_000_000_000));
      int digits = r.nextInt(10);
      String text = DateTimeFormatter.ISO_INSTANT.format(t);
      // Re-render with exactly `digits` fraction digits, as sensors do (Kubernetes: 6, Falco: 9, Tetragon: 9).
      String base = text.substring(0, 19);
      String fraction = String.format("%09d", t.getNano()).substring(0, digits);
      String sample = base + (digits == 0 ? "" : "." + fraction) + "Z";
      assertThat(Fields.time(sample)).as(sample).isEqualTo(Instant.parse(sample));
      assertThat(Fields.utc(sample)).as(sample).isEqualTo(Instant.parse(sample));
    }
  }

  @Test
  void leavesEveryOtherShapeToTheFullParser() {
    assertThat(Fields.utc("2026-11-29T10:00:00+01:00")).isNull();
    assertThat(Fields.time("2026-11-29T10:00:00+01:00")).isEqualTo(Instant.parse("2026-11-29T09:00:00Z"));
    assertThat(Fields.utc("2026-11-29t10:00:00z")).isNull();
    assertThat(Fields.time("2026-11-29t10:00:00z")).isEqualTo(Instant.parse("2026-11-29T10:00:00Z"));
    assertThat(Fields.utc("2024-02-29T23:59:59Z")).isEqualTo(Instant.parse("2024-02-29T23:59:59Z"));
    // ISO 8601's end of day: the JDK reads it as the next midnight, and still does.
    assertThat(Fields.utc("2026-11-29T24:00:00Z")).isNull();
    assertThat(Fields.time("2026-11-29T24:00:00Z")).isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
  }

  @Test
  void invalidDatesAndTimesAreStillNull() {
    for (String bad : new String[] {"2025-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-04-31T00:00:00Z",
        "2026-11-29T10:60:00Z", "2026-11-29T10:00:61Z", "2026-11-29T10:00:00.1234567890Z", "2026-11-29 10:00:00Z", "2O26-11-29T10:00:00Z", "2026-11-29T10:00:0xZ",
        "yesterday", ""}) {
      assertThat(Fields.time(bad)).as(bad).isNull();
    }
  }
}
