package dev.kubeward.inventory;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How to reach a cluster: a kubeconfig file and context, or (with neither) the usual discovery — {@code KUBECONFIG},
 * {@code ~/.kube/config}, or the pod's service account when running inside the cluster.
 *
 * @param kubeconfig the kubeconfig file, if given
 * @param context the context to use, if not the file's current one
 */
public record ClusterConnection(Optional<Path> kubeconfig, Optional<String> context) {
  public ClusterConnection {
    kubeconfig = kubeconfig == null ? Optional.empty() : kubeconfig;
    context = context == null ? Optional.empty() : context;
  }

  /** Discovers the connection as kubectl does, falling back to the in-cluster service account. */
  public static ClusterConnection discover() {
    return new ClusterConnection(Optional.empty(), Optional.empty());
  }

  /**
   * A client for this connection.
   *
   * @throws IllegalArgumentException when the kubeconfig file does not exist or cannot be read
   */
  public KubernetesClient client() {
    Config config;
    if (kubeconfig.isPresent()) {
      Path file = kubeconfig.get();
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("kubeconfig " + file + " does not exist");
      }
      try {
        config = Config.fromKubeconfig(context.orElse(null), file.toFile());
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("cannot use kubeconfig " + file + ": " + e.getMessage(), e);
      }
    } else {
      config = Config.autoConfigure(context.orElse(null));
    }
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
