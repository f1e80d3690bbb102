/**
 * Who may do what: local accounts with bcrypt passwords, the four roles, API and ingestion tokens (stored only as
 * hashes), session login for the web UI with CSRF protection, security headers, and the first admin account.
 */
package dev.kubeward.server.security;
