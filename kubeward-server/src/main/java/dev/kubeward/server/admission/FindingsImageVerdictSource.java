package dev.kubeward.server.admission;

import dev.kubeward.model.Severity;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Image verdicts from the findings store: the open, present VULNERABILITY findings of the cluster for the digest
 * (Critical with a {@code fixed_version}; {@code "kev": true} in their attributes). Whether the image was scanned at
 * all comes from the vulnerability scanner's per-digest scan status ({@code image_scans}, status {@code DONE}) when
 * that table exists, else from whether any vulnerability finding was ever reported for the digest — without the
 * scan status a clean image cannot be told from an unscanned one and counts as unscanned.
 *
 * <p>Verdicts are cached per cluster and digest for {@code kubeward.admission.verdict-cache-ttl} (30 s), so a
 * rollout of many replicas of one image costs one query, and admission answers from memory.
 */
@Component
public class FindingsImageVerdictSource implements ImageVerdictSource {
  private static final int MAX_ENTRIES = 100_000;

  private final JdbcClient jdbc;
  private final DataSource dataSource;
  private final JsonMapper json;
  private final Clock clock;
  private final Duration ttl;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  private volatile Boolean scanStatusTable;

  private record Cached(ImageVerdict verdict, Instant loadedAt) {}

  public FindingsImageVerdictSource(JdbcClient jdbc, DataSource dataSource, JsonMapper json, Clock clock,
      @Value("${kubeward.admission.verdict-cache-ttl:PT30S}") Duration ttl) {
    this.jdbc = jdbc;
    this.dataSource = dataSource;
    this.json = json;
    this.clock = clock;
    this.ttl = ttl;
  }

  @Override
  public ImageVerdict verdict(String clusterId, String digest) {
    String key = clusterId + "|" + digest;
    Instant now = clock.instant();
    Cached c = cache.get(key);
    if (c != null && c.loadedAt.plus(ttl).isAfter(now)) {
      return c.verdict;
    }
    ImageVerdict v = load(clusterId, digest);
    if (cache.size() >= MAX_ENTRIES) {
      cache.clear();
    }
    cache.put(key, new Cached(v, now));
    return v;
  }

  /** Forgets cached verdicts (after a scan finished, or in tests). */
  public void invalidate() {
    cache.clear();
  }

  private ImageVerdict load(String clusterId, String digest) {
    int[] counts = new int[3]; // any finding ever, critical with fix, KEV
    jdbc.sql("select severity as s, fixed_version as f, attributes as a, status as st, present as p from findings"
            + " where cluster_id = ? and kind = 'vulnerability' and image_digest = ?")
        .params(clusterId, digest)
        .query((ResultSet rs) -> {
          counts[0]++;
          boolean open = rs.getBoolean("p") && ("open".equals(rs.getString("st"))
              || "in_progress".equals(rs.getString("st")));
          if (!open) {
            return;
          }
          if (rs.getInt("s") == Severity.CRITICAL.ordinal() && !rs.getString("f").isBlank()) {
            counts[1]++;
          }
          if (knownExploited(rs.getString("a"))) {
            counts[2]++;
          }
        });
    boolean scanned = hasScanStatusTable()
        ? jdbc.sql("select count(*) from image_scans where digest = ? and status = 'DONE'").param(digest)
            .query(Long.class).single() > 0
        : counts[0] > 0;
    return new ImageVerdict(scanned || counts[1] + counts[2] > 0, counts[1], counts[2]);
  }

  private boolean knownExploited(String attributes) {
    if (attributes == null || !attributes.contains("kev")) {
      return false;
    }
    try {
      JsonNode kev = json.readTree(attributes).get("kev");
      return kev != null && kev.asBoolean(false);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private boolean hasScanStatusTable() {
    Boolean known = scanStatusTable;
    if (known == null) {
      try (Connection c = dataSource.getConnection();
          ResultSet rs = c.getMetaData().getTables(null, c.getSchema(), "image_scans", new String[] {"TABLE"})) {
        known = rs.next();
      } catch (Exception e) {
        known = false;
      }
      scanStatusTable = known;
    }
    return known;
  }
}
