package dev.kubeward.server.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Converts between {@link Instant} and the {@code timestamp with time zone} columns. The PostgreSQL driver binds
 * {@link OffsetDateTime} but not {@link Instant}, so every DAO goes through here.
 */
public final class Timestamps {
  private Timestamps() {}

  /** A bind value for a timestamp column (null stays null). */
  public static OffsetDateTime bind(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  /** Reads a timestamp column (null stays null). */
  public static Instant read(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  /** The same, by column position. */
  public static Instant read(ResultSet rs, int column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
