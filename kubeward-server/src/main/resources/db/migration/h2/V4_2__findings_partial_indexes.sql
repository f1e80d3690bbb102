-- H2 has no partial indexes; the same columns, fully indexed (H2 serves small installations).
create index findings_owner on findings (owner, due_date);
create index findings_due on findings (cluster_id, kind, due_date);
create index findings_image on findings (cluster_id, kind, image);
create index findings_exception on findings (exception_id);
create index findings_risk on findings (cluster_id, kind, risk, id);
