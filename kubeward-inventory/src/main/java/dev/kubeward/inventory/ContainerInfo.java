package dev.kubeward.inventory;

/**
 * One container of a workload's pod template.
 *
 * @param name the container's name
 * @param type {@code containers}, {@code initContainers} or {@code ephemeralContainers}
 * @param image its image, with the digest the running pods report where known
 */
public record ContainerInfo(String name, String type, ImageRef image) {}
