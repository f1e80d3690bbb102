import { api, h, time, label } from '/assets/api.js';
import { formDialog, toast } from '/assets/components/dialog.js';

const ROLES = ['reader', 'contributor', 'securityAdmin', 'admin'];

// Users: roles and access of local accounts (admins only; the server refuses everyone else).
export async function usersView() {
  const users = await api('/api/v1/users');
  const rows = users.map((u) => {
    const role = h('select', { 'aria-label': `Role of ${u.username}` }, ROLES.map((r) => h('option', { value: r, selected: r === u.role }, label(r))));
    const enabled = h('input', { type: 'checkbox', checked: u.enabled, 'aria-label': `${u.username} may sign in` });
    return h('tr', { dataset: { user: u.username } }, h('td', {}, u.username), h('td', {}, role), h('td', {}, enabled), h('td', {}, time(u.createdAt)),
      h('td', {}, h('button', { class: 'secondary', onclick: async () => {
        try {
          await api(`/api/v1/users/${u.id}`, { method: 'PUT', body: { role: role.value, enabled: enabled.checked } });
          toast(`${u.username} updated`);
        } catch (e) { toast(e.message, 'error'); }
      } }, 'Save')));
  });
  const add = h('button', { class: 'primary', onclick: async () => {
    const v = await formDialog('New user', [
      { name: 'username', label: 'Username', required: true },
      { name: 'password', label: 'Password (12 characters or more)', type: 'password', required: true },
      { name: 'role', label: 'Role', type: 'select', options: ROLES.map((r) => ({ value: r, label: label(r) })) }], 'Create');
    if (!v) return;
    try {
      await api('/api/v1/users', { method: 'POST', body: v });
      toast(`${v.username} created`);
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    } catch (e) { toast(e.message, 'error'); }
  } }, 'New user');
  return h('section', {}, h('div', { class: 'card-head' }, h('h1', {}, 'Users'), add),
    h('table', { class: 'card' }, h('thead', {}, h('tr', {}, ['Username', 'Role', 'May sign in', 'Created', ''].map((t) => h('th', {}, t)))),
      h('tbody', {}, rows)));
}

// Tokens: API tokens (with a role) and ingestion tokens (one cluster's sensors). The secret is shown once.
export async function tokensView() {
  const [tokens, clusters] = await Promise.all([api('/api/v1/tokens'), api('/api/v1/clusters?limit=500')]);
  const names = Object.fromEntries(clusters.items.map((c) => [c.id, c.name]));
  const rows = tokens.map((t) => h('tr', { dataset: { token: t.name } },
    h('td', {}, t.name), h('td', {}, t.kind), h('td', {}, t.role ? label(t.role) : '—'),
    h('td', {}, t.clusterId ? names[t.clusterId] || t.clusterId : 'all'), h('td', { class: 'mono' }, t.hint),
    h('td', {}, time(t.lastUsedAt)), h('td', {}, t.revokedAt ? ['revoked ', time(t.revokedAt)] : t.expiresAt ? ['expires ', time(t.expiresAt)] : 'active'),
    h('td', {}, t.revokedAt ? null : h('button', { class: 'secondary', onclick: async () => {
      await api(`/api/v1/tokens/${t.id}`, { method: 'DELETE' });
      toast(`${t.name} revoked`);
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    } }, 'Revoke'))));
  const add = h('button', { class: 'primary', onclick: async () => {
    const v = await formDialog('New token', [
      { name: 'name', label: 'Name', required: true },
      { name: 'kind', label: 'Kind', type: 'select', options: [{ value: 'api', label: 'API (REST calls with a role)' }, { value: 'ingestion', label: 'Ingestion (sensor events of one cluster)' }] },
      { name: 'role', label: 'Role (API tokens)', type: 'select', options: ROLES.map((r) => ({ value: r, label: label(r) })) },
      { name: 'clusterId', label: 'Cluster', type: 'select', options: [{ value: '', label: 'all clusters (API tokens only)' }, ...clusters.items.map((c) => ({ value: c.id, label: c.name }))] },
      { name: 'expiresAt', label: 'Expires on', type: 'date' }], 'Create');
    if (!v) return;
    try {
      const created = await api('/api/v1/tokens', { method: 'POST', body: {
        name: v.name, kind: v.kind, role: v.kind === 'api' ? v.role : undefined, clusterId: v.clusterId || undefined,
        expiresAt: v.expiresAt ? new Date(`${v.expiresAt}T23:59:59Z`).toISOString() : undefined } });
      await formDialog('Copy the token now', [{ name: 'secret', label: 'It is shown only once.', value: created.secret }], 'Done');
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    } catch (e) { toast(e.message, 'error'); }
  } }, 'New token');
  return h('section', {}, h('div', { class: 'card-head' }, h('h1', {}, 'Tokens'), add),
    h('table', { class: 'card' }, h('thead', {}, h('tr', {}, ['Name', 'Kind', 'Role', 'Cluster', 'Starts with', 'Last used', 'State', ''].map((t) => h('th', {}, t)))),
      h('tbody', {}, rows)));
}
