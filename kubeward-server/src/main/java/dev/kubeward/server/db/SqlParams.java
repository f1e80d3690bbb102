package dev.kubeward.server.db;

import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import org.springframework.jdbc.core.SqlParameterValue;

/**
 * Bind values that may be null, with their SQL type. Without a type, Spring asks the driver for the parameter's type
 * before binding a null, and the PostgreSQL driver answers that with a round trip to the server: per null, per row.
 * Batch writes that carry nullable columns bind them through here.
 */
public final class SqlParams {
  private SqlParams() {}

  public static SqlParameterValue varchar(String v) {
    return new SqlParameterValue(Types.VARCHAR, v);
  }

  public static SqlParameterValue date(LocalDate v) {
    return new SqlParameterValue(Types.DATE, v == null ? null : java.sql.Date.valueOf(v));
  }

  public static SqlParameterValue timestamp(Instant v) {
    return new SqlParameterValue(Types.TIMESTAMP_WITH_TIMEZONE, Timestamps.bind(v));
  }

  public static SqlParameterValue bigint(Long v) {
    return new SqlParameterValue(Types.BIGINT, v);
  }
}
