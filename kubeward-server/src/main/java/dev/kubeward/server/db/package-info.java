/**
 * Database plumbing shared by every feature: which database to use (embedded H2 or PostgreSQL), the Flyway
 * migrations, and the few places where the two SQL dialects differ ({@link dev.kubeward.server.db.SqlDialect}).
 */
package dev.kubeward.server.db;
