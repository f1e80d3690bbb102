package dev.kubeward.server.runtime;

import dev.kubeward.server.testing.TestDatabase;
import dev.kubeward.server.testing.TestDatabases;

/** {@link RuntimeIngestIT} on PostgreSQL (events go in through COPY there); skips visibly without a server. */
class RuntimeIngestPostgresIT extends RuntimeIngestIT {
  @Override
  TestDatabase database() {
    return TestDatabases.postgres();
  }
}
