/**
 * The {@code serve --demo} data set. {@link dev.kubeward.server.demo.DemoLoader} creates the demo workspace and
 * clusters, then lets every {@link dev.kubeward.server.demo.DemoContributor} feed its bundled inputs (manifests, SBOMs,
 * recorded events) through the real engines. Nothing here stores ready-made results.
 */
package dev.kubeward.server.demo;
