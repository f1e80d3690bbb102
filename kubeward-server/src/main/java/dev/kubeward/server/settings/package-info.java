/**
 * Settings at workspace and cluster level. Each feature declares its settings ({@link
 * dev.kubeward.server.settings.SettingsContributor}); {@link dev.kubeward.server.settings.EffectiveSettingsResolver}
 * is the one place that decides a cluster's effective values: the workspace's value wins over the cluster's, which
 * wins over the default, and every effective value says where it came from.
 */
package dev.kubeward.server.settings;
