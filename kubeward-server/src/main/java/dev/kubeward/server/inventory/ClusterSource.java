package dev.kubeward.server.inventory;

import java.util.Objects;
import java.util.Optional;

/**
 * How the server reads a cluster.
 *
 * @param mode the kind of source
 * @param kubeconfigPath for {@link Mode#KUBECONFIG}: a kubeconfig file on the server (never its content)
 * @param context for {@link Mode#KUBECONFIG}: the context to use, or the file's current one
 * @param manifestsPath for {@link Mode#MANIFESTS}: a file or folder of YAML/JSON on the server
 */
public record ClusterSource(Mode mode, Optional<String> kubeconfigPath, Optional<String> context,
    Optional<String> manifestsPath) {

  public ClusterSource {
    Objects.requireNonNull(mode, "mode");
    kubeconfigPath = kubeconfigPath == null ? Optional.empty() : kubeconfigPath;
    context = context == null ? Optional.empty() : context;
    manifestsPath = manifestsPath == null ? Optional.empty() : manifestsPath;
  }

  /** A cluster the server has no way to read yet. */
  public static final ClusterSource NONE = new ClusterSource(Mode.NONE, Optional.empty(), Optional.empty(), Optional.empty());

  /** Ways to read a cluster. */
  public enum Mode {
    /** Not connected: nothing is read, the status says so. */
    NONE("none"),
    /** A kubeconfig file and context: list, then watch. */
    KUBECONFIG("kubeconfig"),
    /** The service account of the pod the server runs in: list, then watch. */
    IN_CLUSTER("inCluster"),
    /** A snapshot from manifests (GitOps folders, {@code kubectl get -o yaml} dumps, air-gapped sites, the demo). */
    MANIFESTS("manifests");

    private final String apiName;

    Mode(String apiName) {
      this.apiName = apiName;
    }

    public String apiName() {
      return apiName;
    }

    /**
     * The mode with this API name.
     *
     * @throws IllegalArgumentException naming the accepted modes
     */
    public static Mode parse(String text) {
      for (Mode m : values()) {
        if (m.apiName.equalsIgnoreCase(text) || m.name().equalsIgnoreCase(text)) {
          return m;
        }
      }
      throw new IllegalArgumentException("unknown source mode '" + text + "'; expected none, kubeconfig, inCluster or manifests");
    }
  }
}
