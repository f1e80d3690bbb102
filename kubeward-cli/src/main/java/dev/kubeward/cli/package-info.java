/**
 * The {@code kubeward} executable. Commands are picocli classes found through {@link dev.kubeward.cli.CliCommand}
 * entries in {@code META-INF/services}, so a capability adds its commands without editing a central list.
 */
package dev.kubeward.cli;
