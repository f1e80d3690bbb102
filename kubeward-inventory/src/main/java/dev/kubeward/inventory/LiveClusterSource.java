package dev.kubeward.inventory;

import dev.kubeward.inventory.internal.MetadataOnlyStore;
import dev.kubeward.model.NotEvaluated;
import dev.kubeward.model.ResourceRef;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.dsl.Listable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The live inventory source: lists every {@link KubeKinds#WATCHED watched kind} of a cluster and then watches it with
 * fabric8 informers, so the {@link Inventory} stays current. A kind the credentials may not list is marked
 * "not evaluated: forbidden" (never counted as passing); a kind the cluster does not serve is marked as missing data.
 *
 * <p>Secrets: the informer's own cache keeps only metadata ({@link MetadataOnlyStore}) and the inventory drops
 * {@code data}, so a Secret's values live only as long as the client needs to decode one event; they are never
 * stored or logged. ConfigMaps keep their keys only.
 */
public final class LiveClusterSource implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(LiveClusterSource.class.getName());

  private final KubernetesClient client;
  private final Inventory inventory;
  private final List<SharedIndexInformer<GenericKubernetesResource>> informers = new ArrayList<>();

  public LiveClusterSource(KubernetesClient client, Inventory inventory) {
    this.client = client;
    this.inventory = inventory;
  }

  /**
   * Lists every watched kind, fills the inventory and keeps watching. Returns once every readable kind has been
   * listed, or throws when that takes longer than {@code timeout}.
   *
   * @throws IllegalStateException when the cluster cannot be reached at all or the initial lists time out
   */
  public void start(Duration timeout) {
    try {
      inventory.setKubernetesVersion(client.getKubernetesVersion().getGitVersion());
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "cluster version unavailable", e);
    }
    List<CompletableFuture<Void>> synced = new ArrayList<>();
    int reachable = 0;
    for (KubeKinds.Kind kind : KubeKinds.WATCHED) {
      MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> ops =
          client.genericKubernetesResources(kind.resourceContext());
      ProbeFailure probe = probe(kind, kind.namespaced() ? ops.inAnyNamespace() : ops);
      if (probe != null) {
        inventory.markNotEvaluated(kind.kind(), probe.why);
        continue;
      }
      reachable++;
      inventory.clearNotEvaluated(kind.kind());
      Informable<GenericKubernetesResource> informable = kind.namespaced() ? ops.inAnyNamespace() : ops;
      SharedIndexInformer<GenericKubernetesResource> informer = informable.runnableInformer(0);
      informer.itemStore(new MetadataOnlyStore(obj -> upsert(kind, obj), obj -> delete(kind, obj)));
      informer.exceptionHandler((started, error) -> {
        // Access revoked while watching: the kind is no longer evaluated, not silently stale. Keep retrying.
        if (error instanceof KubernetesClientException e && (e.getCode() == 403 || e.getCode() == 401)) {
          inventory.markNotEvaluated(kind.kind(), new NotEvaluated(NotEvaluated.Reason.FORBIDDEN,
              "the credentials may no longer watch " + kind.plural() + " (" + e.getCode() + ")"));
        }
        return true;
      });
      informers.add(informer);
      synced.add(informer.start().toCompletableFuture());
    }
    if (reachable == 0) {
      throw new IllegalStateException("no kind could be listed: " + inventory.notEvaluatedKinds().values().stream()
          .map(NotEvaluated::describe).distinct().toList());
    }
    try {
      CompletableFuture.allOf(synced.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the cluster did not answer the initial lists within " + timeout);
    } catch (ExecutionException e) {
      throw new IllegalStateException("listing the cluster failed: " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while listing the cluster", e);
    }
  }

  private record ProbeFailure(NotEvaluated why) {}

  private static ProbeFailure probe(KubeKinds.Kind kind, Listable<GenericKubernetesResourceList> listable) {
    try {
      listable.list(new ListOptionsBuilder().withLimit(1L).build());
      return null;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403 || e.getCode() == 401) {
        return new ProbeFailure(new NotEvaluated(NotEvaluated.Reason.FORBIDDEN,
            "the credentials may not list " + kind.plural() + " (" + e.getCode() + ")"));
      }
      if (e.getCode() == 404) {
        return new ProbeFailure(new NotEvaluated(NotEvaluated.Reason.DATA_MISSING,
            "the cluster does not serve " + kind.apiVersion() + " " + kind.plural()));
      }
      return new ProbeFailure(new NotEvaluated(NotEvaluated.Reason.ERROR,
          "listing " + kind.plural() + " failed: " + firstLine(e.getMessage())));
    }
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }

  /** Stops every watch; the inventory keeps its last state. */
  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::stop);
    informers.clear();
  }

  private void delete(KubeKinds.Kind kind, GenericKubernetesResource obj) {
    inventory.remove(new ResourceRef(kind.apiVersion(), kind.kind(), obj.getMetadata().getNamespace(),
        obj.getMetadata().getName()));
  }

  @SuppressWarnings("unchecked")
  private void upsert(KubeKinds.Kind kind, GenericKubernetesResource obj) {
    try {
      Map<String, Object> tree = client.getKubernetesSerialization().convertValue(obj, Map.class);
      tree.putIfAbsent("apiVersion", kind.apiVersion());
      tree.putIfAbsent("kind", kind.kind());
      inventory.put(KubeObject.of(tree, null));
      if (inventory.isNotEvaluated(kind.kind())) {
        inventory.clearNotEvaluated(kind.kind());
      }
    } catch (RuntimeException e) {
      // Never log the object: it may be a Secret.
      LOG.warning("ignored a " + kind.kind() + " the inventory could not read: " + e.getClass().getSimpleName());
    }
  }
}
