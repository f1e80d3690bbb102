package dev.kubeward.server.workspace;

import java.time.Instant;

/** A group of clusters, playing the role a cloud subscription plays: settings made here override the clusters'. */
public record Workspace(String id, String name, String description, Instant createdAt) {}
