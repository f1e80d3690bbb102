import { h } from '/assets/api.js';
import { columns, filters, ALERT_STATUSES, attributeList } from '/assets/tabs/common.js';

// Security alerts: runtime threats from audit logs and sensors, by risk, severity and status.
export default {
  id: 'alerts',
  kind: 'alert',
  title: 'Security alerts',
  component: 'sensor',
  capability: 'sensor',
  defaultSort: '-risk',
  columns: [columns.risk, columns.severity, columns.title, columns.resource, columns.status],
  filters: [filters.risk, filters.severity, filters.namespace, filters.workload],
  statuses: ALERT_STATUSES,
  statusPermission: 'changeAlertStatus',
  detail: (f) => [attributeList(f.attributes)],
};
