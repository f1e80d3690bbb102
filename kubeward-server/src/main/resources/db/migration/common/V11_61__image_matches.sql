-- Vulnerability matches of a stored package list against one advisory database build (issue 11): written by the
-- "vulnerability-rematch" jobs after a build change (any worker), read by the servers' assessments, so re-matching
-- is spread over the job runners instead of done in every server. Gzip'd JSON; rows of older builds are purged.
create table image_matches (
  digest           varchar(100) not null,
  build_id         varchar(100) not null,
  analyzer_version varchar(200) not null,
  match_count      integer      not null,
  matches          bytea        not null,
  matched_at       timestamp with time zone not null,
  primary key (digest, build_id, analyzer_version)
);
