import { h } from '/assets/api.js';
import { columns, filters, RECOMMENDATION_STATUSES, attributeList } from '/assets/tabs/common.js';

// Misconfigurations: resources failing posture rules, with remediation steps.
export default {
  id: 'misconfigurations',
  kind: 'misconfiguration',
  title: 'Misconfigurations',
  component: 'kubernetesApiAccess',
  capability: 'misconfigurations',
  defaultSort: '-severity',
  columns: [columns.severity, columns.title,
    { key: 'rule', label: 'Rule', render: (f) => h('code', {}, f.ruleId || '') },
    columns.resource, columns.status, columns.owner],
  filters: [filters.severity, { key: 'rule', label: 'Rule', type: 'text' }, filters.namespace, filters.workload,
    filters.owner, filters.overdue],
  statuses: RECOMMENDATION_STATUSES,
  detail: (f) => [
    f.attributes && f.attributes.remediation
      ? h('section', {}, h('h4', {}, 'Remediation'), h('p', { class: 'prewrap' }, f.attributes.remediation)) : null,
    attributeList(f.attributes, ['remediation']),
  ],
};
