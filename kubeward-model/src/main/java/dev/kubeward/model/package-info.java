/**
 * Domain records shared by every Kubeward module: clusters and resources, severities and risk levels, finding kinds,
 * standards and controls, and the "not evaluated" outcome that is never to be confused with a pass.
 *
 * <p>This package has no dependencies beyond the JDK so that every engine, the server and the CLI can share it.
 */
package dev.kubeward.model;
