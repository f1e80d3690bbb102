import { api, h, me, time } from '/assets/api.js';
import { findingsBar } from '/assets/components/findings-bar.js';
import { findingsList } from '/assets/components/findings-list.js';
import { TABS, tab as tabById } from '/assets/tabs/registry.js';
import { stateText } from '/assets/views/overview.js';

// One cluster: its findings bar, the four tabs, and the active tab's list. A tab whose component is off, whose scan
// has not run, or whose data could not be read says so instead of showing an empty list.
export async function clusterView(params, query) {
  const id = encodeURIComponent(params.id);
  const [cluster, bar, eff, status, user] = await Promise.all([
    api(`/api/v1/clusters/${id}`),
    api(`/api/v1/clusters/${id}/findings-bar`),
    api(`/api/v1/clusters/${id}/settings/effective`),
    api(`/api/v1/clusters/${id}/status`).catch(() => ({ capabilities: [] })),
    me(),
  ]);
  const active = tabById(params.tab) || TABS[0];
  const ctx = { cluster, me: user, effective: eff, status };
  const nav = h('nav', { class: 'tabs', role: 'tablist', 'aria-label': 'Finding kinds' },
    TABS.map((t) => h('a', { role: 'tab', href: `#/clusters/${id}/${t.id}`, 'aria-selected': String(t === active),
      class: t === active ? 'active' : '' }, t.title)));
  const blocked = emptyState(active, ctx);
  const content = blocked || await (active.view ? active.view(ctx, query) : findingsList(active, ctx, query));
  return h('section', { class: 'cluster-page', 'data-cluster': cluster.name },
    h('div', { class: 'card-head' },
      h('h1', {}, cluster.name),
      h('a', { class: 'button secondary', href: `#/clusters/${id}/settings` }, 'Cluster settings')),
    findingsBar(bar, cluster.id),
    nav,
    h('div', { role: 'tabpanel', class: 'tabpanel', 'data-tab': active.id }, capabilityNote(active, ctx), content));
}

function emptyState(tab, ctx) {
  const component = ctx.effective.components[tab.component];
  if (component && !component.active) {
    return h('div', { class: 'card empty state-componentOff', 'data-empty': 'componentOff' },
      h('h3', {}, `${tab.title} is off for this cluster`),
      h('p', {}, `Because ${component.reason}.`),
      h('a', { href: `#/clusters/${encodeURIComponent(ctx.cluster.id)}/settings` }, 'Open the cluster settings'));
  }
  const cap = ctx.status.capabilities.find((c) => c.capability === tab.capability);
  if (cap && (cap.state === 'pending' || cap.state === 'failed')) {
    return h('div', { class: `card empty state-${cap.state}`, 'data-empty': cap.state },
      h('h3', {}, cap.state === 'pending' ? 'Scan pending' : 'Scan failed'),
      h('p', {}, cap.detail || (cap.state === 'pending' ? 'The first scan of this cluster has not finished yet.' : '')));
  }
  return null;
}

// Partial problems (forbidden kinds, a stale database) are shown above the list, which still shows what is known.
function capabilityNote(tab, ctx) {
  const cap = ctx.status.capabilities.find((c) => c.capability === tab.capability);
  if (!cap || cap.state === 'ok') return cap && cap.lastRun ? h('p', { class: 'muted' }, 'Last scan ', time(cap.lastRun)) : null;
  if (cap.state === 'notEvaluated' || cap.state === 'stale') {
    return h('div', { class: `note state-${cap.state}`, role: 'note', 'data-note': cap.state },
      h('strong', {}, `${cap.label}: ${stateText(cap.state)}. `), cap.detail);
  }
  return null;
}
