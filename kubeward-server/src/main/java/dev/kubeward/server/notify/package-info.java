/**
 * Notifications to owners and ticket systems: e-mail (SMTP), ServiceNow incidents and a generic webhook, all through
 * a persistent outbox ({@link dev.kubeward.server.notify.OutboxDao}) filled in the same transaction as the change it
 * reports and drained by {@link dev.kubeward.server.notify.OutboxDispatcher} with retries and backoff. Destinations
 * and credentials come from the server's configuration ({@link dev.kubeward.server.notify.NotifyProperties}), never
 * from the database.
 */
package dev.kubeward.server.notify;
