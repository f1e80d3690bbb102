-- Inventory syncs as queue jobs (docs/SCALING.md, "Who owns what").
-- One row per cluster: watch_writes counts the findings writes a server's live watch made for the cluster; a sync
-- remembers the count before it lists and writes its full reports only if the count is unchanged (row locked in the
-- sync's completion transaction), so a re-list never overwrites a newer watch increment.
create table cluster_sync_state (
  cluster_id   varchar(36) primary key references clusters (id) on delete cascade,
  watch_writes bigint      not null default 0
);

-- One row per finished sync job, written in the job's completion transaction (so at most once per job).
create table cluster_syncs (
  job_id            bigint       primary key,
  cluster_id        varchar(36)  not null references clusters (id) on delete cascade,
  outcome           varchar(20)  not null,
  worker            varchar(200) not null,
  objects           integer      not null,
  misconfigurations integer      not null,
  failing_controls  integer      not null,
  relists           integer      not null,
  listed_at         timestamp with time zone not null,
  finished_at       timestamp with time zone not null
);
create index cluster_syncs_cluster on cluster_syncs (cluster_id, finished_at);
