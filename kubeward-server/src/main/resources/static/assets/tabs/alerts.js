import { columns, filters, ALERT_STATUSES } from '/assets/tabs/common.js';
import { alertsView, alertDetail } from '/assets/components/alerts.js';

// Security alerts: runtime threats from audit logs and sensors, by risk, severity and status; the detail panel shows
// what happened (entities, evidence, Open logs), what to do (recommended steps, MITRE) and lets a SecurityAdmin
// change the status or create a suppression rule prefilled from the alert. Incidents, suppression rules, drift
// policies and sensor health are views of the same tab.
const tab = {
  id: 'alerts',
  kind: 'alert',
  title: 'Security alerts',
  component: 'sensor',
  capability: 'sensor',
  // Ranks are stored 0 = worst, so ascending is worst first.
  defaultSort: 'risk',
  columns: [columns.risk, columns.severity, columns.title, columns.resource, columns.status],
  filters: [filters.risk, filters.severity, filters.namespace, filters.workload],
  statuses: ALERT_STATUSES,
  statusPermission: 'changeAlertStatus',
  view: (ctx, query) => alertsView(tab, ctx, query),
  detail: (f, ctx) => [alertDetail(f, ctx)],
};

export default tab;
