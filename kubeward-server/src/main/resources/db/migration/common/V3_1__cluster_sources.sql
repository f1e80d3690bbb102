-- How the server reads each cluster. Paths name files on the server; their content (credentials) is never stored.
create table cluster_sources (
  cluster_id      varchar(36)   primary key references clusters (id) on delete cascade,
  mode            varchar(16)   not null,
  kubeconfig_path varchar(1000),
  context         varchar(253),
  manifests_path  varchar(1000),
  updated_at      timestamp with time zone not null,
  updated_by      varchar(200)  not null,
  constraint cluster_sources_mode check (mode in ('NONE', 'KUBECONFIG', 'IN_CLUSTER', 'MANIFESTS'))
);
