/**
 * Runtime threat detection: sensor events in, security alerts out. Plain Java; the server adds HTTP, queues,
 * persistence and the outbox around it.
 *
 * <p>How the server uses it:
 * <ol>
 *   <li>Ingestion: {@link dev.kubeward.runtime.event.EventFormats#parseBatch} with the endpoint's format id
 *       ({@code kubernetes-audit}, {@code falco}, {@code tetragon}), the request body, an
 *       {@link dev.kubeward.runtime.event.IngestContext} (cluster of the ingestion token, batch id) and
 *       {@link dev.kubeward.runtime.event.IngestLimits}. The batch is accepted whole or an
 *       {@link dev.kubeward.runtime.event.EventInputException} says why it was rejected (its reason maps to 400/413).</li>
 *   <li>Detection: one {@link dev.kubeward.runtime.detection.DetectionEngine} per cluster (settings differ per cluster),
 *       built from {@link dev.kubeward.runtime.detection.DetectionCatalog#builtIn()}; call {@code process(event)} after
 *       {@link dev.kubeward.runtime.event.EventEnricher#enrich} with inventory context.</li>
 *   <li>Alerts: for each {@link dev.kubeward.runtime.detection.DetectionHit}, look up an alert with
 *       {@link dev.kubeward.runtime.alert.Alert#dedupKey} that is not Resolved and store
 *       {@link dev.kubeward.runtime.alert.Alert#withOccurrence}; otherwise store
 *       {@link dev.kubeward.runtime.alert.Alert#open}, risk-assessed and passed through
 *       {@link dev.kubeward.runtime.suppression.Suppressions#applyToNew}. {@link dev.kubeward.runtime.pipeline.AlertBook}
 *       is the in-memory reference of exactly these rules.</li>
 *   <li>Incidents: {@link dev.kubeward.runtime.incident.IncidentGrouper#group} over the recent alerts of a cluster.</li>
 *   <li>Streaming: {@link dev.kubeward.runtime.siem.SyslogFormatter} and
 *       {@link dev.kubeward.runtime.siem.WebhookMessage} make the payloads stored in the outbox;
 *       {@link dev.kubeward.runtime.siem.SyslogSender} and {@link dev.kubeward.runtime.siem.WebhookSender} deliver
 *       them, with {@link dev.kubeward.runtime.siem.DeliveryException#retryable()} telling the outbox whether to retry.</li>
 * </ol>
 */
package dev.kubeward.runtime;
