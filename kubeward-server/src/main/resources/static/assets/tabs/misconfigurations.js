import { h } from '/assets/api.js';
import { columns, filters, RECOMMENDATION_STATUSES, attributeList } from '/assets/tabs/common.js';
import { misconfigurationsView } from '/assets/components/rule-groups.js';
import { ruleExplanation, remediationActions } from '/assets/components/remediation.js';

// Misconfigurations: resources failing posture rules, as a flat list or grouped by failing rule, with the rule's
// explanation, the quick fix, the fixed manifest and the admission policy in the detail panel.
const tab = {
  id: 'misconfigurations',
  kind: 'misconfiguration',
  title: 'Misconfigurations',
  component: 'kubernetesApiAccess',
  capability: 'misconfigurations',
  defaultSort: 'severity', // the API sorts worst first
  columns: [columns.severity, columns.title,
    { key: 'rule', label: 'Rule', render: (f) => h('code', {}, f.ruleId || '') },
    columns.resource,
    { key: 'container', label: 'Container', render: (f) => f.container || h('span', { class: 'muted' }, '—') },
    columns.status, columns.owner],
  filters: [filters.severity, { key: 'rule', label: 'Rule', type: 'text' }, filters.namespace, filters.workload,
    filters.owner, filters.overdue],
  statuses: RECOMMENDATION_STATUSES,
  view: (ctx, query) => misconfigurationsView(tab, ctx, query),
  detail: (f, ctx) => [
    ruleExplanation(f),
    remediationActions(f, ctx),
    attributeList(f.attributes, ['remediation', 'description', 'references', 'message', 'category', 'target',
      'container', 'controls', 'location', 'outcome', 'apiVersion']),
  ],
};

export default tab;
