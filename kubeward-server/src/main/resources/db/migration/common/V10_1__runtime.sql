-- Runtime threat detection (issue 10): sensor batches and their normalized events (kept for the retention period so
-- an alert's "Open logs" can show what happened around it), sensor health, first-seen baselines, alert details,
-- suppression rules, drift policies and SIEM destinations.

-- One accepted batch. Events are stored in the same transaction, so an acknowledged batch is always complete.
create table runtime_batches (
  id          varchar(36)   primary key,
  cluster_id  varchar(36)   not null references clusters (id) on delete cascade,
  format      varchar(40)   not null,
  received_at timestamp with time zone not null,
  events      integer       not null,
  bytes       bigint        not null,
  raw         bytea         not null,
  processed_at timestamp with time zone
);
create index runtime_batches_received on runtime_batches (received_at);
create index runtime_batches_pending on runtime_batches (processed_at, received_at);

-- Normalized events: the columns lists and filters need. The event itself is not stored again: "Open logs" decodes it
-- from the batch's raw body (runtime_batches.raw), which costs one decode per shown batch instead of one JSON
-- serialization per ingested event (measured: the serialization was most of the ingestion CPU).
create table runtime_events (
  batch_id    varchar(36)   not null references runtime_batches (id) on delete cascade,
  seq         integer       not null,
  cluster_id  varchar(36)   not null,
  event_id    varchar(300)  not null,
  event_time  timestamp with time zone not null,
  source      varchar(20)   not null,
  kind        varchar(20)   not null,
  namespace   varchar(253)  not null default '',
  pod         varchar(253)  not null default '',
  node        varchar(253)  not null default '',
  user_name   varchar(300)  not null default '',
  summary     varchar(400)  not null default '',
  primary key (batch_id, seq)
);
create index runtime_events_time on runtime_events (cluster_id, event_time);
create index runtime_events_id on runtime_events (cluster_id, event_id);

-- Per cluster and sensor (event format): when it last sent something, and what was refused.
create table runtime_sensors (
  cluster_id      varchar(36)  not null references clusters (id) on delete cascade,
  format          varchar(40)  not null,
  first_seen_at   timestamp with time zone not null,
  last_batch_at   timestamp with time zone,
  last_event_at   timestamp with time zone,
  batches         bigint       not null default 0,
  events          bigint       not null default 0,
  rejected_batches bigint      not null default 0,
  throttled_batches bigint     not null default 0,
  throttled_events bigint      not null default 0,
  last_rejection  varchar(1000) not null default '',
  last_rejection_at timestamp with time zone,
  primary key (cluster_id, format)
);

-- First-seen baselines: which values each scope has shown, so learning survives restarts.
create table runtime_first_seen_scopes (
  scope_key   varchar(64)   primary key,
  scope       varchar(2000) not null,
  started_at  timestamp with time zone not null
);
create table runtime_first_seen_values (
  scope_key   varchar(64)   not null,
  value_key   varchar(64)   not null,
  seen_value  varchar(2000) not null,
  first_seen  timestamp with time zone not null,
  primary key (scope_key, value_key)
);

-- An alert's details beyond its findings row. The findings row is the one truth for the status (its history says
-- who changed it, when and why), so the generic findings API and the alerts API never disagree.
create table runtime_alerts (
  id              varchar(36)   primary key,
  cluster_id      varchar(36)   not null references clusters (id) on delete cascade,
  finding_key     varchar(512)  not null,
  dedup_key       varchar(64)   not null,
  detection_id    varchar(100)  not null,
  title           varchar(500)  not null,
  severity        varchar(16)   not null,
  confidence      varchar(16)   not null,
  risk            varchar(16)   not null,
  finding_id      bigint        references findings (id) on delete cascade,
  suppressed_by   varchar(36)   not null default '',
  namespace       varchar(253)  not null default '',
  workload        varchar(600)  not null default '',
  first_seen      timestamp with time zone not null,
  last_seen       timestamp with time zone not null,
  hits            bigint        not null,
  test            boolean       not null default false,
  body            varchar(200000) not null
);
create index runtime_alerts_dedup on runtime_alerts (cluster_id, dedup_key);
create index runtime_alerts_cluster on runtime_alerts (cluster_id, last_seen);

create table runtime_suppression_rules (
  id          varchar(36)   primary key,
  name        varchar(200)  not null,
  body        varchar(20000) not null,
  author      varchar(300)  not null,
  created_at  timestamp with time zone not null,
  expires_at  timestamp with time zone
);

create table runtime_drift_policies (
  id          varchar(36)   primary key,
  position    integer       not null,
  name        varchar(200)  not null,
  body        varchar(20000) not null,
  updated_by  varchar(300)  not null,
  updated_at  timestamp with time zone not null
);

-- Where alerts are streamed to, per workspace. Secrets are never stored here: secret_ref names an environment
-- variable or file the server reads at send time.
create table runtime_siem_destinations (
  id           varchar(36)   primary key,
  workspace_id varchar(36)   not null references workspaces (id) on delete cascade,
  name         varchar(200)  not null,
  dest_type    varchar(16)   not null,
  body         varchar(8000) not null,
  enabled      boolean       not null,
  created_at   timestamp with time zone not null
);
