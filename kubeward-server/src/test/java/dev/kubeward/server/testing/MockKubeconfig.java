package dev.kubeward.server.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a kubeconfig that points at a fabric8 mock API server, so a test can register the mock as a live cluster the
 * way a user registers a real one (a kubeconfig path inside the allowed roots).
 */
public final class MockKubeconfig {
  private MockKubeconfig() {}

  /** Writes the kubeconfig for {@code client}'s mock server to {@code file} and returns the file. */
  public static Path write(Path file, KubernetesClient client) throws IOException {
    return Files.writeString(file, """
        apiVersion: v1
        kind: Config
        clusters:
        - name: mock
          cluster: {server: "%s", insecure-skip-tls-verify: true}
        users:
        - name: me
          user: {token: test}
        contexts:
        - name: mock
          context: {cluster: mock, user: me}
        current-context: mock
        """.formatted(client.getMasterUrl().toString()));
  }
}
