import { api, h, time, day, label, may, severityBadge, riskBadge } from '/assets/api.js';
import { formDialog, toast } from '/assets/components/dialog.js';

// The side panel of one finding: what it is, where, who owns it, its history, and the actions the role allows.
export async function openDetail(findingId, tab, ctx, onChange) {
  const panel = document.getElementById('detail') || document.body.appendChild(
    h('aside', { id: 'detail', class: 'detail', 'aria-label': 'Finding details', tabindex: '-1' }));
  panel.hidden = false;
  panel.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
  const [f, history] = await Promise.all([
    api(`/api/v1/findings/${findingId}`),
    api(`/api/v1/findings/${findingId}/history`).catch(() => []),
  ]);
  const close = () => { panel.hidden = true; panel.replaceChildren(); };
  const actions = [];
  const statusPermission = tab.statusPermission || 'changeRecommendationStatus';
  if (may(ctx.me, statusPermission)) {
    actions.push(h('button', { class: 'secondary', onclick: async () => {
      const v = await formDialog('Change status', [
        { name: 'status', label: 'Status', type: 'select', options: tab.statuses.filter((s) => s !== 'exempted').map((s) => ({ value: s, label: label(s) })), value: f.status },
        { name: 'comment', label: 'Comment', type: 'textarea' }]);
      if (!v) return;
      await act(() => api(`/api/v1/findings/${f.id}/status`, { method: 'PUT', body: v }), 'Status changed');
    } }, 'Change status'));
  }
  if (may(ctx.me, 'assignOwner') && tab.kind !== 'alert') {
    actions.push(h('button', { class: 'secondary', onclick: async () => {
      const v = await formDialog('Assign owner', [
        { name: 'owner', label: 'Owner (e-mail)', type: 'email', required: true, value: f.owner || '' },
        { name: 'dueDate', label: 'Due date', type: 'date', value: f.dueDate || '', hint: 'Empty: from the grace period of the severity' },
        { name: 'comment', label: 'Comment', type: 'textarea' }]);
      if (!v) return;
      await act(() => api(`/api/v1/findings/${f.id}/assignment`, { method: 'PUT',
        body: { owner: v.owner, dueDate: v.dueDate || null, comment: v.comment } }), 'Owner assigned');
    } }, 'Assign owner'));
  }
  for (const extra of (tab.actions ? tab.actions(f, ctx, () => reopen()) : [])) actions.push(extra);

  async function act(call, message) {
    try {
      await call();
      toast(message);
      onChange && onChange();
      reopen();
    } catch (e) {
      toast(e.message, 'error');
    }
  }
  function reopen() { openDetail(findingId, tab, ctx, onChange); }

  panel.replaceChildren(...[
    h('div', { class: 'detail-head' },
      h('h2', {}, f.title),
      h('button', { class: 'link', 'aria-label': 'Close details', onclick: close }, '✕')),
    h('div', { class: 'badges' }, severityBadge(f.severity), f.risk ? riskBadge(f.risk) : null,
      h('span', { class: `status status-${f.status}` }, label(f.status)),
      f.exceptionId ? h('span', { class: 'badge exempted' }, 'exempted') : null,
      !f.present ? h('span', { class: 'badge' }, 'no longer reported') : null),
    actions.length ? h('div', { class: 'actions' }, actions) : null,
    h('dl', { class: 'facts' },
      fact('Resource', f.resourceName ? `${f.resourceKind || ''} ${f.namespace ? `${f.namespace}/` : ''}${f.resourceName}` : null),
      fact('Container', f.container),
      fact('Image', f.image),
      fact('Rule / advisory', f.ruleId),
      fact('Owner', f.owner),
      fact('Due', f.dueDate ? day(f.dueDate) : null),
      fact('Ticket', f.ticket ? h('a', { href: f.ticket.url, rel: 'noopener noreferrer', target: '_blank' }, f.ticket.number) : null),
      fact('First seen', time(f.firstSeen)),
      fact('Last seen', time(f.lastSeen))),
    f.details ? h('section', {}, h('h4', {}, 'Details'), h('p', { class: 'prewrap' }, f.details)) : null,
    tab.detail ? h('div', { class: 'tab-detail' }, tab.detail(f, ctx)) : null,
    h('section', {}, h('h4', {}, 'History'),
      history.length ? h('ol', { class: 'history' }, history.map((c) => h('li', {},
        time(c.at), ' ', h('strong', {}, c.actor), ` ${label(c.field)}: ${c.oldValue ?? '—'} → ${c.newValue ?? '—'}`,
        c.comment ? h('div', { class: 'muted' }, c.comment) : null))) : h('p', { class: 'muted' }, 'No changes yet.')),
  ].filter(Boolean));
  panel.focus();
}

function fact(name, value) {
  if (value === null || value === undefined || value === '') return null;
  return [h('dt', {}, name), h('dd', {}, value)];
}
