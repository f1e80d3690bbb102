/** Compliance commands: {@code kubeward standards list|show} and the {@code --standard} output of manifest scans. */
package dev.kubeward.cli.compliance;
