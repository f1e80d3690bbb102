package dev.kubeward.server.runtime;

import dev.kubeward.server.testing.TestDatabase;
import dev.kubeward.server.testing.TestDatabases;

/** {@link RuntimeReplayIT} on PostgreSQL; skips visibly without a server. */
class RuntimeReplayPostgresIT extends RuntimeReplayIT {
  @Override
  TestDatabase database() {
    return TestDatabases.postgres();
  }
}
