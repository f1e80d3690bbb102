/**
 * Exceptions (exemptions) of findings: scoped by cluster, namespace, workload, image digest, package, rule/CVE/control
 * or pinned to chosen findings, with a VEX-style reason, an author and an optional expiry after which
 * {@link dev.kubeward.server.findings.exceptions.ExceptionExpiryJob} reopens the findings.
 */
package dev.kubeward.server.findings.exceptions;
