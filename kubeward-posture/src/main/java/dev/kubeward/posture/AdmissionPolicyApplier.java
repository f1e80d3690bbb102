package dev.kubeward.posture;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Map;

/**
 * Installs and removes exported {@link AdmissionPolicy}s in a cluster (the {@code policyAgent} component): the policy
 * first, then its binding, each created or updated in place.
 */
public final class AdmissionPolicyApplier {
  private static final ResourceDefinitionContext POLICY = context("ValidatingAdmissionPolicy", "validatingadmissionpolicies");
  private static final ResourceDefinitionContext BINDING =
      context("ValidatingAdmissionPolicyBinding", "validatingadmissionpolicybindings");

  private final KubernetesClient client;

  public AdmissionPolicyApplier(KubernetesClient client) {
    this.client = client;
  }

  /** Creates or updates the policy and its binding. */
  public void apply(AdmissionPolicy policy) {
    client.genericKubernetesResources(POLICY).resource(generic(policy.policy())).createOr(NonDeletingOperation::update);
    client.genericKubernetesResources(BINDING).resource(generic(policy.binding())).createOr(NonDeletingOperation::update);
  }

  /** Removes the binding and the policy; true when anything was removed. */
  public boolean remove(AdmissionPolicy policy) {
    boolean binding = !client.genericKubernetesResources(BINDING).withName(policy.name()).delete().isEmpty();
    boolean removed = !client.genericKubernetesResources(POLICY).withName(policy.name()).delete().isEmpty();
    return binding || removed;
  }

  /** True when the policy is installed in the cluster. */
  public boolean installed(AdmissionPolicy policy) {
    return client.genericKubernetesResources(POLICY).withName(policy.name()).get() != null;
  }

  private GenericKubernetesResource generic(Map<String, Object> object) {
    return client.getKubernetesSerialization().convertValue(object, GenericKubernetesResource.class);
  }

  private static ResourceDefinitionContext context(String kind, String plural) {
    return new ResourceDefinitionContext.Builder().withGroup("admissionregistration.k8s.io").withVersion("v1")
        .withKind(kind).withPlural(plural).withNamespaced(false).build();
  }
}
