import { api, h, qs, label, severityBadge } from '/assets/api.js';
import { navigate } from '/assets/router.js';
import { findingsList } from '/assets/components/findings-list.js';
import { openDetail } from '/assets/components/detail-panel.js';

// The misconfigurations tab: "All findings" (the shared list) or "By rule" (each failing rule with how many resources
// fail it; a rule opens to its affected resources). The choice lives in the URL (?view=rules) like the filters.
export async function misconfigurationsView(tab, ctx, query) {
  const byRule = query.view === 'rules';
  const path = `/clusters/${ctx.cluster.id}/${tab.id}`;
  const toggle = h('div', { class: 'view-toggle', role: 'group', 'aria-label': 'Show misconfigurations' },
    h('button', { class: byRule ? 'secondary' : 'primary', 'aria-pressed': String(!byRule), dataset: { view: 'list' },
      onclick: () => navigate(path, { ...query, view: '' }) }, 'All findings'),
    h('button', { class: byRule ? 'primary' : 'secondary', 'aria-pressed': String(byRule), dataset: { view: 'rules' },
      onclick: () => navigate(path, { ...query, view: 'rules' }) }, 'By rule'),
    h('a', { class: 'button secondary', href: '#/rules' }, 'Rules'));
  const body = byRule ? await ruleGroups(tab, ctx, query) : await findingsList(tab, ctx, query);
  return h('div', { class: 'misconfigurations' }, toggle, body);
}

async function ruleGroups(tab, ctx, query) {
  const base = `/api/v1/clusters/${encodeURIComponent(ctx.cluster.id)}`;
  const filter = {};
  for (const key of ['severity', 'namespace', 'workload', 'owner', 'status']) if (query[key]) filter[key] = query[key];
  const groups = await api(`${base}/misconfigurations/by-rule${qs(filter)}`);
  const severity = h('select', { id: 'group-severity', multiple: true, size: 4 },
    ['critical', 'high', 'medium', 'low'].map((s) => h('option', { value: s,
      selected: (query.severity || '').split(',').includes(s) }, label(s))));
  const namespace = h('input', { id: 'group-namespace', type: 'search', value: query.namespace || '' });
  const form = h('form', { class: 'filters', role: 'search', onsubmit: (e) => {
    e.preventDefault();
    navigate(`/clusters/${ctx.cluster.id}/${tab.id}`, { ...query, view: 'rules',
      severity: [...severity.selectedOptions].map((o) => o.value), namespace: namespace.value.trim() });
  } },
  h('div', { class: 'field' }, h('label', { for: 'group-severity' }, 'Severity'), severity),
  h('div', { class: 'field' }, h('label', { for: 'group-namespace' }, 'Namespace'), namespace),
  h('div', { class: 'field' }, h('button', { type: 'submit', class: 'primary' }, 'Apply filters')));

  const tbody = h('tbody');
  for (const g of groups) {
    const expander = h('button', { class: 'link', 'aria-expanded': 'false', 'aria-label': `Show resources failing ${g.ruleId}` }, '▸');
    const row = h('tr', { class: 'rule-group', tabindex: '0', dataset: { rule: g.ruleId } },
      h('td', {}, expander),
      h('td', {}, severityBadge(g.severity)),
      h('td', {}, h('code', {}, g.ruleId)),
      h('td', {}, h('span', { class: 'title' }, g.title), g.category ? h('div', { class: 'muted' }, g.category) : null),
      h('td', { class: 'num' }, String(g.resources)),
      h('td', { class: 'num' }, String(g.findings)),
      h('td', { class: 'num' }, g.owned ? `${g.owned} assigned` : h('span', { class: 'muted' }, 'none assigned')));
    const detailRow = h('tr', { class: 'rule-resources', hidden: true }, h('td', { colspan: 7 }));
    const toggleRow = async () => {
      const open = detailRow.hidden;
      detailRow.hidden = !open;
      expander.textContent = open ? '▾' : '▸';
      expander.setAttribute('aria-expanded', String(open));
      if (open && !detailRow.dataset.loaded) {
        detailRow.dataset.loaded = 'true';
        detailRow.firstChild.replaceChildren(await affected(tab, ctx, g, query));
      }
    };
    row.addEventListener('click', toggleRow);
    row.addEventListener('keydown', (e) => { if (e.key === 'Enter') toggleRow(); });
    tbody.append(row, detailRow);
  }
  if (!groups.length) {
    tbody.append(h('tr', {}, h('td', { colspan: 7, class: 'empty' },
      Object.keys(filter).length ? 'No failing rule matches this filter.' : 'No rule fails in this cluster.')));
  }
  const table = h('table', { class: 'rule-groups' },
    h('thead', {}, h('tr', {}, h('th', {}, h('span', { class: 'skip' }, 'Expand')), h('th', { scope: 'col' }, 'Severity'),
      h('th', { scope: 'col' }, 'Rule'), h('th', { scope: 'col' }, 'Failing rule'), h('th', { scope: 'col' }, 'Resources'),
      h('th', { scope: 'col' }, 'Findings'), h('th', { scope: 'col' }, 'Owners'))),
    tbody);
  return h('div', { class: 'rule-groups-view' }, form,
    h('p', { class: 'muted', 'aria-live': 'polite' }, `${groups.length} failing rule${groups.length === 1 ? '' : 's'}`
      + (query.status ? '' : ' (open and in progress)')),
    h('div', { class: 'table-wrap' }, table));
}

// The resources failing one rule (first 50), each opening the detail panel; "Show all" opens the filtered list.
async function affected(tab, ctx, group, query) {
  const base = `/api/v1/clusters/${encodeURIComponent(ctx.cluster.id)}`;
  const page = await api(`${base}/findings${qs({ kind: 'misconfiguration', rule: group.ruleId,
    status: query.status || 'open,inProgress', namespace: query.namespace, limit: 50 })}`);
  const refresh = () => navigate(`/clusters/${ctx.cluster.id}/${tab.id}`, query);
  const items = page.items.map((f) => h('li', {},
    h('button', { class: 'link', dataset: { id: f.id }, onclick: () => openDetail(f.id, tab, ctx, refresh) },
      `${f.resourceKind} ${f.namespace ? `${f.namespace}/` : ''}${f.resourceName}${f.container ? ` (container ${f.container})` : ''}`),
    ' ', h('span', { class: `status status-${f.status}` }, label(f.status)),
    f.owner ? h('span', { class: 'muted' }, ` · ${f.owner}`) : null));
  return h('div', { class: 'affected' },
    h('ul', { class: 'affected-list' }, items),
    h('a', { href: `#/clusters/${encodeURIComponent(ctx.cluster.id)}/${tab.id}?rule=${encodeURIComponent(group.ruleId)}` },
      page.nextCursor ? 'Show all in the list' : 'Open in the list (bulk actions, CSV)'));
}
