import { h, day, severityBadge, riskBadge, label } from '/assets/api.js';

// Columns and filters most tabs share.
export const columns = {
  severity: { key: 'severity', label: 'Severity', render: (f) => severityBadge(f.severity) },
  risk: { key: 'risk', label: 'Risk', render: (f) => riskBadge(f.risk) },
  title: { key: 'title', label: 'Finding', render: (f) => h('span', { class: 'title' }, f.title) },
  resource: {
    key: 'resource', label: 'Resource',
    render: (f) => f.resourceName
      ? h('span', {}, h('span', { class: 'muted' }, `${f.resourceKind || ''} `), f.namespace ? `${f.namespace}/` : '', f.resourceName)
      : h('span', { class: 'muted' }, '—'),
  },
  status: { key: 'status', label: 'Status', render: (f) => h('span', { class: `status status-${f.status}` }, label(f.status)) },
  owner: {
    key: 'owner', label: 'Owner',
    render: (f) => f.owner ? h('span', {}, f.owner, f.dueDate ? [' · ', day(f.dueDate)] : null,
      f.overdue ? h('span', { class: 'badge overdue' }, 'overdue') : null) : h('span', { class: 'muted' }, 'unassigned'),
  },
};

export const filters = {
  severity: { key: 'severity', label: 'Severity', type: 'multi', options: ['critical', 'high', 'medium', 'low', 'informational'] },
  risk: { key: 'risk', label: 'Risk', type: 'multi', options: ['critical', 'high', 'medium', 'low'] },
  namespace: { key: 'namespace', label: 'Namespace', type: 'text' },
  workload: { key: 'workload', label: 'Workload', type: 'text' },
  owner: { key: 'owner', label: 'Owner', type: 'text' },
  overdue: { key: 'overdue', label: 'Overdue only', type: 'flag' },
};

export const RECOMMENDATION_STATUSES = ['open', 'inProgress', 'resolved', 'exempted'];
export const ALERT_STATUSES = ['active', 'inProgress', 'dismissed', 'resolved'];

// Renders a finding's attributes (scanner-specific details) as a definition list, skipping what is shown elsewhere.
export function attributeList(attributes, skip = []) {
  const entries = Object.entries(attributes || {}).filter(([k]) => !skip.includes(k));
  if (!entries.length) return null;
  return h('dl', { class: 'attributes' }, entries.map(([k, v]) => [
    h('dt', {}, label(k)),
    h('dd', {}, typeof v === 'object' ? JSON.stringify(v) : String(v)),
  ]));
}
