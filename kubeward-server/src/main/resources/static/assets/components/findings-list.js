import { api, h, qs, label, may } from '/assets/api.js';
import { navigate } from '/assets/router.js';
import { openDetail } from '/assets/components/detail-panel.js';
import { formDialog, toast } from '/assets/components/dialog.js';

const EXCEPTION_REASONS = ['riskAccepted', 'notAffected', 'codeNotReachable', 'mitigated', 'falsePositive'];

// A tab's list: filters kept in the URL, server-side paging with a cursor, checkboxes and the bulk actions the role
// may take, "Download CSV report" for the current filter, and the detail panel on click.
export async function findingsList(tab, ctx, query) {
  const filter = { kind: tab.kind };
  for (const f of tab.filters) if (query[f.key]) filter[f.key] = query[f.key];
  if (query.status) filter.status = query.status;
  const narrowed = Object.keys(filter).length > 1;
  // No status chosen means what the filter's first option says: the findings still open or in progress.
  if (!query.status) filter.status = tab.statuses.filter((s) => ['open', 'active', 'inProgress'].includes(s)).join(',');
  const sort = query.sort || tab.defaultSort;
  const base = `/api/v1/clusters/${encodeURIComponent(ctx.cluster.id)}`;
  const selected = new Set();
  let allMatching = false;
  let cursor = null;
  let loaded = 0;

  const tbody = h('tbody');
  const count = h('span', { class: 'muted', 'aria-live': 'polite' });
  const more = h('button', { class: 'secondary', hidden: true, onclick: () => load() }, 'Load more');
  const selectAll = h('input', { type: 'checkbox', 'aria-label': 'Select all shown', onchange: () => {
    for (const box of tbody.querySelectorAll('input[type=checkbox]')) {
      box.checked = selectAll.checked;
      toggle(Number(box.dataset.id), box.checked);
    }
  } });
  const selection = h('span', { class: 'selection muted' });
  const matchAll = h('button', { class: 'link', hidden: true, onclick: () => { allMatching = true; updateSelection(); } },
    'Select all matching the filter');

  function toggle(id, on) {
    if (on) selected.add(id); else selected.delete(id);
    allMatching = false;
    updateSelection();
  }
  function updateSelection() {
    selection.textContent = allMatching ? 'All findings matching the filter are selected'
      : selected.size ? `${selected.size} selected` : '';
    matchAll.hidden = allMatching || selected.size === 0;
    for (const b of toolbar.querySelectorAll('button[data-bulk]')) b.disabled = !allMatching && selected.size === 0;
  }

  async function load() {
    more.disabled = true;
    const page = await api(`${base}/findings${qs({ ...filter, sort, limit: 50, cursor })}`);
    for (const f of page.items) {
      const box = h('input', { type: 'checkbox', 'aria-label': `Select ${f.title}`, dataset: { id: f.id },
        onchange: (e) => toggle(f.id, e.target.checked), onclick: (e) => e.stopPropagation() });
      const row = h('tr', { tabindex: '0', dataset: { id: f.id }, onclick: () => openDetail(f.id, tab, ctx, refresh),
        onkeydown: (e) => { if (e.key === 'Enter') openDetail(f.id, tab, ctx, refresh); } },
      h('td', {}, box), tab.columns.map((c) => h('td', {}, c.render(f))));
      tbody.append(row);
    }
    loaded += page.items.length;
    cursor = page.nextCursor || null;
    more.hidden = !cursor;
    more.disabled = false;
    count.textContent = `${loaded} shown${cursor ? ', more available' : ''}`;
    if (!loaded) {
      tbody.append(h('tr', {}, h('td', { colspan: tab.columns.length + 1, class: 'empty' },
        narrowed ? 'No findings match this filter.' : `No ${tab.title.toLowerCase()} findings.`)));
    }
  }
  function refresh() { navigate(`/clusters/${ctx.cluster.id}/${tab.id}`, query); }

  async function bulk(action) {
    const fields = {
      assignOwner: [{ name: 'owner', label: 'Owner (e-mail)', type: 'email', required: true },
        { name: 'dueDate', label: 'Due date', type: 'date', hint: 'Empty: from the grace period of each severity' }],
      setDueDate: [{ name: 'dueDate', label: 'Due date', type: 'date' }],
      changeStatus: [{ name: 'status', label: 'Status', type: 'select',
        options: tab.statuses.filter((s) => s !== 'exempted').map((s) => ({ value: s, label: label(s) })) }],
      addException: [{ name: 'reason', label: 'Reason', type: 'select', options: EXCEPTION_REASONS.map((r) => ({ value: r, label: label(r) })) },
        { name: 'justification', label: 'Justification', type: 'textarea', required: true },
        { name: 'expiresAt', label: 'Expires on', type: 'date', hint: 'The findings reopen after this day' }],
    }[action];
    const v = await formDialog(label(action), [...fields, ...(action === 'addException' ? [] : [{ name: 'comment', label: 'Comment', type: 'textarea' }])]);
    if (!v) return;
    const body = { action, comment: v.comment || undefined };
    if (allMatching) body.filter = { clusterId: ctx.cluster.id, ...listify(filter) };
    else body.ids = [...selected];
    if (action === 'assignOwner') { body.owner = v.owner; body.dueDate = v.dueDate || null; }
    if (action === 'setDueDate') body.dueDate = v.dueDate || null;
    if (action === 'changeStatus') body.status = v.status;
    if (action === 'addException') {
      body.exception = { reason: v.reason, justification: v.justification,
        expiresAt: v.expiresAt ? new Date(`${v.expiresAt}T23:59:59Z`).toISOString() : null };
    }
    try {
      const r = await api('/api/v1/findings/bulk', { method: 'POST', body });
      toast(`${label(action)}: ${r.changed} changed, ${r.unchanged} unchanged, ${r.failed} failed`, r.failed ? 'error' : 'info');
      refresh();
    } catch (e) {
      toast(e.message, 'error');
    }
  }

  const bulkActions = [];
  if (tab.kind !== 'alert' && may(ctx.me, 'assignOwner')) bulkActions.push('assignOwner', 'setDueDate');
  if (may(ctx.me, tab.statusPermission || 'changeRecommendationStatus')) bulkActions.push('changeStatus');
  if (may(ctx.me, 'addException')) bulkActions.push('addException');
  const toolbar = h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Bulk actions' },
    bulkActions.map((a) => h('button', { class: 'secondary', dataset: { bulk: a }, disabled: true, onclick: () => bulk(a) }, label(a))),
    bulkActions.length ? null : h('span', { class: 'muted' }, 'Your role may only read findings.'),
    selection, matchAll,
    h('a', { class: 'button secondary csv', href: `${base}/findings/export${qs({ ...filter, format: 'csv' })}`, download: '' }, 'Download CSV report'));

  const form = filterForm(tab, query, (next) => navigate(`/clusters/${ctx.cluster.id}/${tab.id}`, next));
  const table = h('table', { class: 'findings', 'data-tab': tab.id },
    h('thead', {}, h('tr', {}, h('th', { class: 'check' }, selectAll), tab.columns.map((c) => h('th', { scope: 'col' }, c.label)))),
    tbody);
  await load();
  return h('div', { class: 'findings-list' }, form, toolbar, h('div', { class: 'table-wrap' }, table), h('div', { class: 'pager' }, count, more));
}

function listify(filter) {
  const out = {};
  for (const [k, v] of Object.entries(filter)) out[k] = ['severity', 'risk', 'status'].includes(k) ? String(v).split(',') : v;
  if (out.overdue !== undefined) out.overdue = out.overdue === 'true';
  return out;
}

function filterForm(tab, query, apply) {
  const inputs = {};
  const controls = tab.filters.map((f) => {
    const id = `filter-${f.key}`;
    let input;
    if (f.type === 'multi') {
      const chosen = (query[f.key] || '').split(',').filter(Boolean);
      input = h('select', { id, multiple: true, size: Math.min(5, f.options.length) },
        f.options.map((o) => h('option', { value: o, selected: chosen.includes(o) }, label(o))));
    } else if (f.type === 'flag') {
      input = h('input', { id, type: 'checkbox', checked: query[f.key] === 'true' });
    } else {
      input = h('input', { id, type: 'search', value: query[f.key] || '' });
    }
    inputs[f.key] = { f, input };
    return h('div', { class: 'field' }, h('label', { for: id }, f.label), input);
  });
  const status = h('select', { id: 'filter-status' }, h('option', { value: '' }, 'Open and in progress'),
    tab.statuses.map((s) => h('option', { value: s, selected: query.status === s }, label(s))));
  return h('form', { class: 'filters', role: 'search', onsubmit: (e) => {
    e.preventDefault();
    const next = {};
    for (const [k, { f, input }] of Object.entries(inputs)) {
      if (f.type === 'multi') next[k] = [...input.selectedOptions].map((o) => o.value);
      else if (f.type === 'flag') next[k] = input.checked ? 'true' : '';
      else next[k] = input.value.trim();
    }
    next.status = status.value;
    apply(next);
  } }, controls, h('div', { class: 'field' }, h('label', { for: 'filter-status' }, 'Status'), status),
  h('div', { class: 'field' }, h('button', { type: 'submit', class: 'primary' }, 'Apply filters')));
}
