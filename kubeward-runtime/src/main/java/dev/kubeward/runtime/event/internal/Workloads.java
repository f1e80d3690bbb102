package dev.kubeward.runtime.event.internal;

import dev.kubeward.runtime.event.WorkloadRef;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Guesses a pod's owning workload from its name and labels when the sensor does not say. Kubernetes names pods
 * {@code <deployment>-<replicaset hash>-<5 chars>}, {@code <statefulset>-<ordinal>} and
 * {@code <daemonset or job>-<5 chars>}, with random parts drawn from an alphabet without vowels and without 0, 1, 3.
 */
public final class Workloads {
  private static final String ALPHABET = "[bcdfghjklmnpqrstvwxz2456789]";
  private static final Pattern DEPLOYMENT = Pattern.compile("^(.+)-" + ALPHABET + "{6,10}-" + ALPHABET + "{5}$");
  private static final Pattern RANDOM_SUFFIX = Pattern.compile("^(.+)-" + ALPHABET + "{5}$");
  private static final Pattern ORDINAL = Pattern.compile("^(.+)-([0-9]+)$");
  private static final Pattern CRONJOB_RUN = Pattern.compile("^(.+)-[0-9]{8,}$");

  private Workloads() {}

  /** The most likely owner of the pod, or the pod itself when the name follows no controller pattern. */
  public static WorkloadRef guess(String pod, Map<String, String> labels) {
    if (pod == null || pod.isEmpty()) {
      return WorkloadRef.NONE;
    }
    String hash = labels.get("pod-template-hash");
    if (hash != null && pod.contains("-" + hash + "-")) {
      return new WorkloadRef("Deployment", pod.substring(0, pod.lastIndexOf("-" + hash + "-")));
    }
    String job = labels.get("job-name");
    if (job != null) {
      Matcher cron = CRONJOB_RUN.matcher(job);
      return cron.matches() ? new WorkloadRef("CronJob", cron.group(1)) : new WorkloadRef("Job", job);
    }
    if (labels.containsKey("statefulset.kubernetes.io/pod-name")) {
      Matcher m = ORDINAL.matcher(pod);
      if (m.matches()) {
        return new WorkloadRef("StatefulSet", m.group(1));
      }
    }
    if (labels.containsKey("controller-revision-hash")) {
      Matcher m = RANDOM_SUFFIX.matcher(pod);
      if (m.matches()) {
        return new WorkloadRef("DaemonSet", m.group(1));
      }
    }
    Matcher m = DEPLOYMENT.matcher(pod);
    if (m.matches()) {
      return new WorkloadRef("Deployment", m.group(1));
    }
    m = ORDINAL.matcher(pod);
    if (m.matches()) {
      return new WorkloadRef("StatefulSet", m.group(1));
    }
    m = RANDOM_SUFFIX.matcher(pod);
    if (m.matches()) {
      return new WorkloadRef("Workload", m.group(1));
    }
    return new WorkloadRef("Pod", pod);
  }
}
