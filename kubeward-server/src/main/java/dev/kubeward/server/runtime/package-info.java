/**
 * Runtime threat detection in the server: ingestion endpoints for the Kubernetes audit webhook, Falco and Tetragon
 * (authenticated by a cluster's ingestion token, bounded queue, 429 when full), the pipeline that runs
 * {@code kubeward-runtime}'s detection engine with inventory context and persistent first-seen baselines, stored
 * events for "Open logs", sensor health, alerts (as ALERT findings plus their details), suppression rules, drift
 * policies, incidents and test alerts.
 */
package dev.kubeward.server.runtime;
