package dev.kubeward.server.runtime;

import dev.kubeward.server.testing.TestDatabase;
import dev.kubeward.server.testing.TestDatabases;

/** {@link RuntimeAlertPagingIT} on PostgreSQL; skips visibly without a server. */
class RuntimeAlertPagingPostgresIT extends RuntimeAlertPagingIT {
  @Override
  TestDatabase database() {
    return TestDatabases.postgres();
  }
}
