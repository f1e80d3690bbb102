package dev.kubeward.server.runtime;

import dev.kubeward.server.db.Timestamps;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A workspace's SIEM destinations. A webhook's HMAC secret is never stored: {@code secretRef} names where the server
 * reads it at send time ({@code env:NAME} or {@code file:/path}), so the database, the API and the logs never hold it.
 */
@Repository
public class SiemDestinations {
  private final JdbcClient jdbc;
  private final JsonMapper json = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  public SiemDestinations(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * One destination.
   *
   * @param type {@code webhook} or {@code syslog}
   * @param url webhook URL (http or https)
   * @param secretRef webhook HMAC secret reference: {@code env:NAME} or {@code file:/path}
   * @param host syslog host
   * @param port syslog port
   * @param tls syslog over TLS
   * @param caCertificate for syslog over TLS: the PEM CA certificate(s) the receiver's certificate must chain to, or
   *     empty for the JVM's trusted public CAs
   */
  public record Destination(String id, String workspaceId, String name, String type, String url, String secretRef,
      String host, int port, boolean tls, String caCertificate, boolean enabled, Instant createdAt) {
    public Destination {
      caCertificate = caCertificate == null ? "" : caCertificate;
    }
  }

  private record Body(String url, String secretRef, String host, int port, boolean tls, String caCertificate) {}

  public void insert(Destination d) {
    jdbc.sql("insert into runtime_siem_destinations (id, workspace_id, name, dest_type, body, enabled, created_at)"
            + " values (?,?,?,?,?,?,?)")
        .params(d.id(), d.workspaceId(), d.name(), d.type(),
            json.writeValueAsString(new Body(d.url(), d.secretRef(), d.host(), d.port(), d.tls(), d.caCertificate())), d.enabled(),
            Timestamps.bind(d.createdAt()))
        .update();
  }

  public boolean delete(String id) {
    return jdbc.sql("delete from runtime_siem_destinations where id = ?").param(id).update() > 0;
  }

  public Optional<Destination> find(String id) {
    return jdbc.sql("select * from runtime_siem_destinations where id = ?").param(id).query((rs, n) -> read(rs))
        .optional();
  }

  public List<Destination> inWorkspace(String workspaceId) {
    return jdbc.sql("select * from runtime_siem_destinations where workspace_id = ? order by created_at, id")
        .param(workspaceId).query((rs, n) -> read(rs)).list();
  }

  private Destination read(java.sql.ResultSet rs) throws java.sql.SQLException {
    Body b = json.readValue(rs.getString("body"), Body.class);
    return new Destination(rs.getString("id"), rs.getString("workspace_id"), rs.getString("name"),
        rs.getString("dest_type"), b.url(), b.secretRef(), b.host(), b.port(), b.tls(), b.caCertificate(),
        rs.getBoolean("enabled"),
        Timestamps.read(rs, "created_at"));
  }
}
