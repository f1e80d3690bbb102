package dev.kubeward.server.findings;

import dev.kubeward.model.FindingKind;
import java.util.Optional;

/**
 * The exceptions in force for one cluster at one moment, as the ingest needs them: which exception (if any) covers a
 * reported finding. Implemented by the exceptions feature, so that findings do not depend on it.
 */
public interface ExceptionMatcher {
  /** The id of an active scope exception covering a finding with these facts. */
  Optional<String> match(FindingKind kind, String namespace, String workload, String imageDigest, String packageName,
      String ruleId);

  /** True when the exception with this id is still active (a pinned one keeps covering its findings). */
  boolean active(String exceptionId);

  /** No exceptions at all. */
  ExceptionMatcher NONE = new ExceptionMatcher() {
    @Override
    public Optional<String> match(FindingKind kind, String namespace, String workload, String imageDigest,
        String packageName, String ruleId) {
      return Optional.empty();
    }

    @Override
    public boolean active(String exceptionId) {
      return false;
    }
  };

  /** Creates matchers; one bean, provided by the exceptions feature. */
  interface Factory {
    ExceptionMatcher forCluster(String workspaceId, String clusterId, java.time.Instant now);
  }
}
