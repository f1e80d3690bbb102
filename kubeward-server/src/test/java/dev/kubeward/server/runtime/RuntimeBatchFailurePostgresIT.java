package dev.kubeward.server.runtime;

import dev.kubeward.server.testing.TestDatabase;
import dev.kubeward.server.testing.TestDatabases;

/** {@link RuntimeBatchFailureIT} on PostgreSQL; skips visibly without a server. */
class RuntimeBatchFailurePostgresIT extends RuntimeBatchFailureIT {
  @Override
  TestDatabase database() {
    return TestDatabases.postgres();
  }
}
