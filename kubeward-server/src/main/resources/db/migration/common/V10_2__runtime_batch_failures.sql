-- Poison batches (issue 10): a stored batch whose processing fails every time is given up after a number of attempts
-- (kubeward.runtime.max-batch-attempts) instead of being retried for ever. It stays stored (its raw body and events
-- remain readable) with the reason; processed_at is set too, so neither the pipeline nor the recovery takes it again.
alter table runtime_batches add column attempts integer not null default 0;
alter table runtime_batches add column last_error varchar(2000);
alter table runtime_batches add column failed_at timestamp with time zone;
-- The failed batches of a cluster (a handful at most) are listed and counted by the sensor status.
create index runtime_batches_failed on runtime_batches (cluster_id, failed_at);

-- Per sensor: batches given up, and the last one's reason (names the batch).
alter table runtime_sensors add column failed_batches bigint not null default 0;
alter table runtime_sensors add column last_failure varchar(2000) not null default '';
alter table runtime_sensors add column last_failure_at timestamp with time zone;
