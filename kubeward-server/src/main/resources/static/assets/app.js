import { api, h } from '/assets/api.js';

async function overview() {
  const app = document.getElementById('app');
  const me = await api('/api/v1/me');
  document.getElementById('me').textContent = `${me.name} (${me.role})`;
  const workspaces = await api('/api/v1/workspaces?limit=100');
  const sections = [];
  for (const ws of workspaces.items) {
    const clusters = await api(`/api/v1/workspaces/${encodeURIComponent(ws.id)}/clusters?limit=100`);
    const rows = [];
    for (const c of clusters.items) {
      const eff = await api(`/api/v1/clusters/${encodeURIComponent(c.id)}/settings/effective`);
      rows.push(h('tr', {},
        h('td', {}, c.name),
        ...Object.entries(eff.components).map(([name, s]) =>
          h('td', { title: s.reason || `${name} active` }, s.active ? 'on' : 'off'))));
    }
    sections.push(h('section', { class: 'card' },
      h('h2', {}, ws.name),
      h('p', { class: 'muted' }, ws.description),
      h('table', {},
        h('thead', {}, h('tr', {}, h('th', {}, 'Cluster'), h('th', {}, 'Sensor'), h('th', {}, 'Kubernetes API'),
          h('th', {}, 'Registry'), h('th', {}, 'Policy agent'))),
        h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: 5 }, 'No clusters yet.'))))));
  }
  app.replaceChildren(h('h1', {}, 'Workspaces'),
    ...(sections.length ? sections : [h('p', {}, 'No workspaces yet. Create one with the API (POST /api/v1/workspaces).')]));
}

document.getElementById('logout').addEventListener('click', async () => {
  await api('/logout', { method: 'POST' }).catch(() => null);
  window.location.assign('/login');
});

overview().catch((e) => {
  document.getElementById('app').replaceChildren(h('p', { class: 'error' }, e.message));
});
