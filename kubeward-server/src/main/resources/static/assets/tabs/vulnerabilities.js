import { h } from '/assets/api.js';
import { columns, filters, RECOMMENDATION_STATUSES } from '/assets/tabs/common.js';
import { vulnerabilitiesView, componentDetail } from '/assets/components/vulnerabilities-view.js';

// Vulnerability assessment: vulnerable components (a package version in an image or node), ranked by risk, with
// images and their scan status, node pools, attack paths, and the plain findings list.
const tab = {
  id: 'vulnerabilities',
  kind: 'vulnerability',
  title: 'Vulnerability assessment',
  component: 'registryAccess',
  capability: 'vulnerabilities',
  defaultSort: 'risk', // the API sorts worst first
  columns: [columns.risk, columns.severity,
    { key: 'package', label: 'Component', render: (f) => h('span', {}, f.packageName || f.title, f.packageVersion ? ` ${f.packageVersion}` : '') },
    { key: 'fixed', label: 'Fixed in', render: (f) => f.fixedVersion || h('span', { class: 'muted' }, 'no fix yet') },
    { key: 'image', label: 'Image', render: (f) => h('span', { class: 'mono' }, f.image || '') },
    columns.status, columns.owner],
  filters: [filters.risk, filters.severity, { key: 'image', label: 'Image', type: 'text' },
    { key: 'rule', label: 'CVE', type: 'text' }, filters.namespace, filters.owner, filters.overdue],
  statuses: RECOMMENDATION_STATUSES,
  view: (ctx, query) => vulnerabilitiesView(tab, ctx, query),
  detail: (f, ctx) => [componentDetail(f, ctx)],
};

export default tab;
