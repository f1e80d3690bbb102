-- Partial indexes: only findings that have an owner, a due date or an image are indexed for those filters, so a
-- bulk load of fresh findings (no owner, no due date yet) does not pay for them.
create index findings_owner on findings (owner, due_date) where owner is not null;
create index findings_due on findings (cluster_id, kind, due_date) where due_date is not null;
create index findings_image on findings (cluster_id, kind, image) where image <> '';
create index findings_exception on findings (exception_id) where exception_id is not null;
-- "Critical-risk first": only findings the risk engine rated (risk 9 = not rated) are in the risk index.
create index findings_risk on findings (cluster_id, kind, risk, id) where risk <> 9;
