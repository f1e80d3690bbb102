-- Compliance standards posted through the API (securityAdmin): one row per standard, its YAML as posted. Built-in
-- standards ship with the compliance engine and are never stored here.
create table compliance_custom_standards (
  standard_id varchar(63)     primary key,
  yaml        varchar(1048576) not null,
  created_at  timestamp with time zone not null,
  created_by  varchar(200)    not null,
  updated_at  timestamp with time zone not null,
  updated_by  varchar(200)    not null
);

-- One row per cluster, standard and day: the score and counts of that day's last assessment. Kept for the
-- compliance.snapshotRetentionDays setting (default 400 days); the trend API reads it.
create table compliance_snapshots (
  cluster_id    varchar(36)  not null references clusters (id) on delete cascade,
  standard_id   varchar(63)  not null,
  snapshot_day  date         not null,
  score         double precision,
  passed        integer      not null,
  failed        integer      not null,
  manual        integer      not null,
  not_evaluated integer      not null,
  taken_at      timestamp with time zone not null,
  primary key (cluster_id, standard_id, snapshot_day)
);

-- The status of every control in a snapshot, so an auditor sees which controls moved.
create table compliance_snapshot_controls (
  cluster_id        varchar(36)  not null,
  standard_id       varchar(63)  not null,
  snapshot_day      date         not null,
  control_id        varchar(64)  not null,
  status            varchar(20)  not null,
  failing_resources integer      not null,
  primary key (cluster_id, standard_id, snapshot_day, control_id),
  foreign key (cluster_id, standard_id, snapshot_day) references compliance_snapshots (cluster_id, standard_id, snapshot_day)
    on delete cascade
);
