package dev.kubeward.server.db;

import java.util.UUID;

/** Makes ids for new rows. Injected so that tests and golden files can use predictable ids. */
@FunctionalInterface
public interface IdGenerator {
  /** Random UUIDs: the production generator. */
  IdGenerator RANDOM = () -> UUID.randomUUID().toString();

  /** A new id, unique in the database. */
  String newId();
}
