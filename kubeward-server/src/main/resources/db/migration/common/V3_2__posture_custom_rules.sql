-- Misconfiguration rules posted through the API (SecurityAdmin): one row per rule, its YAML as posted. Built-in rules
-- ship with the engine and are never stored here.
create table posture_custom_rules (
  rule_id    varchar(100)   primary key,
  yaml       varchar(65536) not null,
  created_at timestamp with time zone not null,
  created_by varchar(200)   not null,
  updated_at timestamp with time zone not null,
  updated_by varchar(200)   not null
);
