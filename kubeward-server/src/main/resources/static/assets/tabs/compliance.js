import { h } from '/assets/api.js';
import { columns, filters, RECOMMENDATION_STATUSES, attributeList } from '/assets/tabs/common.js';

// Compliance: failing controls of the selected standards, with the recommendations that fail them.
export default {
  id: 'compliance',
  kind: 'compliance',
  title: 'Compliance',
  component: 'kubernetesApiAccess',
  capability: 'compliance',
  defaultSort: '-severity',
  columns: [columns.severity,
    { key: 'control', label: 'Control', render: (f) => h('span', {}, h('code', {}, `${f.standardId || ''}:${f.ruleId || ''}`), ' ', f.title) },
    columns.status, columns.owner],
  filters: [filters.severity, { key: 'rule', label: 'Control', type: 'text' }, filters.owner],
  statuses: RECOMMENDATION_STATUSES,
  detail: (f) => [attributeList(f.attributes)],
};
