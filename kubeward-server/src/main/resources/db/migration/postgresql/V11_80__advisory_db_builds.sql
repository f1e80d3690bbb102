-- Advisory database builds published through PostgreSQL (package dev.kubeward.server.advisories): a process whose
-- local build is newer than the newest published one stores its file here, and every other process (servers and
-- `kubeward worker`s, each with its own folder) copies it into its folder, so all of them match with the same build.
-- PostgreSQL only: with embedded H2 there is one process and nothing to distribute.
--
-- The file is kept in chunks of about 1 MiB (bytea) rather than as a large object: rows are deleted with their
-- build (cascade), need no lo_unlink/vacuumlo, go through pg_dump, replication and ordinary privileges like any
-- table, and are read one chunk per query with constant memory. Only the newest two builds are kept.
create table advisory_db_builds (
  build_id     varchar(100) primary key,
  built_at     timestamp with time zone not null,
  size_bytes   bigint       not null,
  sha256       varchar(64)  not null,
  chunks       integer      not null,
  published_by varchar(200) not null,
  published_at timestamp with time zone not null
);
create index advisory_db_builds_newest on advisory_db_builds (built_at desc, published_at desc);

create table advisory_db_build_chunks (
  build_id varchar(100) not null references advisory_db_builds (build_id) on delete cascade,
  seq      integer      not null,
  data     bytea        not null,
  primary key (build_id, seq)
);
-- Stored out of line without compression: the build is copied whole and often; pglz would cost CPU on every publish
-- for a modest saving on two builds.
alter table advisory_db_build_chunks alter column data set storage external;
