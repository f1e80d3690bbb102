import { api, h, time } from '/assets/api.js';
import { findingsBar } from '/assets/components/findings-bar.js';

// Workspaces and their clusters, each with its findings bar, its components and how its capabilities stand.
export async function overview() {
  const workspaces = await api('/api/v1/workspaces?limit=100');
  if (!workspaces.items.length) {
    return h('section', {}, h('h1', {}, 'Workspaces'),
      h('div', { class: 'card empty' }, 'No workspaces yet. An admin creates one with POST /api/v1/workspaces, or start '
        + 'the server with --demo to see a populated dashboard.'));
  }
  const sections = await Promise.all(workspaces.items.map(workspaceCard));
  return h('section', {}, h('h1', {}, 'Workspaces'), sections);
}

async function workspaceCard(ws) {
  const [clusters, bar] = await Promise.all([
    api(`/api/v1/workspaces/${encodeURIComponent(ws.id)}/clusters?limit=100`),
    api(`/api/v1/workspaces/${encodeURIComponent(ws.id)}/findings-bar`).catch(() => null),
  ]);
  const rows = await Promise.all(clusters.items.map(clusterCard));
  return h('section', { class: 'card workspace', 'data-workspace': ws.name },
    h('div', { class: 'card-head' },
      h('h2', {}, ws.name),
      h('a', { class: 'button secondary', href: `#/workspaces/${encodeURIComponent(ws.id)}/settings` }, 'Workspace settings')),
    ws.description ? h('p', { class: 'muted' }, ws.description) : null,
    bar ? findingsBar(bar, null) : null,
    rows.length ? rows : h('p', { class: 'empty' }, 'No clusters in this workspace yet.'));
}

async function clusterCard(c) {
  const id = encodeURIComponent(c.id);
  const [bar, status, eff] = await Promise.all([
    api(`/api/v1/clusters/${id}/findings-bar`).catch(() => null),
    api(`/api/v1/clusters/${id}/status`).catch(() => ({ capabilities: [] })),
    api(`/api/v1/clusters/${id}/settings/effective`),
  ]);
  return h('article', { class: 'cluster', 'data-cluster': c.name },
    h('div', { class: 'card-head' },
      h('h3', {}, h('a', { href: `#/clusters/${id}` }, c.name)),
      h('span', { class: 'muted' }, c.description)),
    bar ? findingsBar(bar, c.id) : null,
    h('div', { class: 'health' },
      Object.entries(eff.components).map(([name, s]) =>
        h('span', { class: `pill ${s.active ? 'ok' : 'off'}`, title: s.reason || `${name} is on` },
          `${name}: ${s.active ? 'on' : 'off'}`)),
      status.capabilities.map((cap) =>
        h('span', { class: `pill state-${cap.state}`, title: cap.detail || cap.label },
          `${cap.label}: ${stateText(cap.state)}`, cap.lastRun ? [' · ', time(cap.lastRun)] : null))));
}

export function stateText(state) {
  return {
    ok: 'ok', pending: 'pending', stale: 'stale', notEvaluated: 'partly not evaluated', componentOff: 'off',
    failed: 'failed',
  }[state] || state;
}
