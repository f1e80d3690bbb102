-- Vulnerability assessment (issue 9): one row per image digest, shared by every cluster that runs it: its scan status
-- (the work itself is an "image-scan" job of the durable job queue, V11_1) and the result: the package list, gzip'd
-- JSON, which is re-matched without a download when the advisory database changes.
create table image_scans (
  digest           varchar(100)  primary key,
  reference        varchar(600)  not null,
  status           varchar(16)   not null,
  reason           varchar(1000) not null default '',
  analyzer_version varchar(200)  not null default '',
  package_count    integer       not null default 0,
  packages         bytea,
  attempts         integer       not null default 0,
  queued_at        timestamp with time zone not null,
  started_at       timestamp with time zone,
  finished_at      timestamp with time zone,
  constraint image_scans_status check (status in ('QUEUED', 'SCANNING', 'DONE', 'FAILED', 'NOT_SCANNABLE'))
);
create index image_scans_queue on image_scans (status, queued_at);

-- Host scans of node pools (`kubeward scan rootfs` on a node, uploaded as CycloneDX): the node OS packages.
create table node_host_scans (
  cluster_id    varchar(36)   not null references clusters (id) on delete cascade,
  pool          varchar(300)  not null,
  package_count integer       not null,
  packages      bytea         not null,
  uploaded_by   varchar(200)  not null,
  uploaded_at   timestamp with time zone not null,
  primary key (cluster_id, pool)
);
