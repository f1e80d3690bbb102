import { api, h, me, may, label } from '/assets/api.js';
import { toast } from '/assets/components/dialog.js';

// Settings of a workspace or a cluster. A value set on the workspace overrides the cluster's; on the cluster page such
// a value shows as inherited and locked, with the cluster's own (overridden) value next to it.
export async function workspaceSettings(params) {
  const id = encodeURIComponent(params.id);
  const [ws, defs, values, user] = await Promise.all([
    api(`/api/v1/workspaces/${id}`), api('/api/v1/settings/definitions'), api(`/api/v1/workspaces/${id}/settings`), me()]);
  return settingsPage(`Workspace settings: ${ws.name}`,
    'Values set here apply to every cluster of the workspace and override the clusters\' own values. '
      + 'Leave a value "not set" to let each cluster decide.',
    defs, values.values, null, may(user, 'manageSettings'),
    (next) => api(`/api/v1/workspaces/${id}/settings`, { method: 'PUT', body: { values: next } }));
}

export async function clusterSettings(params) {
  const id = encodeURIComponent(params.id);
  const [cluster, defs, values, eff, user] = await Promise.all([
    api(`/api/v1/clusters/${id}`), api('/api/v1/settings/definitions'), api(`/api/v1/clusters/${id}/settings`),
    api(`/api/v1/clusters/${id}/settings/effective`), me()]);
  return settingsPage(`Cluster settings: ${cluster.name}`,
    'Values locked by the workspace cannot be changed here; the cluster\'s own value is kept and applies again if the '
      + 'workspace stops deciding.',
    defs, values.values, eff, may(user, 'manageSettings'),
    (next) => api(`/api/v1/clusters/${id}/settings`, { method: 'PUT', body: { values: next } }));
}

function settingsPage(title, intro, defs, explicit, effective, editable, save) {
  const controls = {};
  const groups = {};
  for (const d of defs) (groups[d.key.split('.')[0]] ||= []).push(d);
  const sections = Object.entries(groups).map(([group, list]) => h('fieldset', { class: 'card settings-group' },
    h('legend', {}, label(group)),
    h('table', { class: 'settings' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Setting'), h('th', {}, 'Value here'), effective ? h('th', {}, 'In force') : null)),
      h('tbody', {}, list.map((d) => {
        const ev = effective ? effective.settings[d.key] : null;
        const locked = ev && ev.lockedByWorkspace;
        const control = valueControl(d, explicit[d.key], !editable || locked);
        controls[d.key] = { d, control };
        return h('tr', { dataset: { setting: d.key } },
          h('td', {}, h(control.tagName === 'FIELDSET' ? 'span' : 'label', { for: control.tagName === 'FIELDSET' ? null : control.id }, h('strong', {}, d.key)), h('div', { class: 'muted' }, d.description)),
          h('td', {}, control),
          ev ? h('td', { class: locked ? 'locked' : '' },
            h('span', { class: 'effective' }, show(ev.value)), ' ',
            h('span', { class: `source source-${ev.source}` }, locked ? 'locked by workspace' : `from ${ev.source}`),
            locked && ev.clusterValue !== undefined ? h('div', { class: 'muted' }, `cluster's own value: ${show(ev.clusterValue)}`) : null)
            : null);
      })))));
  const components = effective ? h('div', { class: 'card' }, h('h3', {}, 'Components'),
    h('ul', { class: 'components' }, Object.entries(effective.components).map(([name, s]) =>
      h('li', { dataset: { component: name } }, h('strong', {}, name), `: ${s.active ? 'active' : `off — ${s.reason}`}`)))) : null;
  const form = h('form', { class: 'settings-form', onsubmit: async (e) => {
    e.preventDefault();
    const next = {};
    for (const [key, { d, control }] of Object.entries(controls)) {
      const v = read(d, control);
      if (v !== undefined) next[key] = v;
    }
    try {
      await save(next);
      toast('Settings saved');
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    } catch (err) {
      toast(err.message, 'error');
    }
  } }, sections, editable ? h('button', { type: 'submit', class: 'primary' }, 'Save settings')
    : h('p', { class: 'muted' }, 'Your role may read these settings; a securityAdmin changes them.'));
  return h('section', {}, h('h1', {}, title), h('p', { class: 'muted' }, intro), components, form);
}

function show(v) {
  if (v === true) return 'on';
  if (v === false) return 'off';
  if (Array.isArray(v)) return v.join(', ') || 'none';
  return v === undefined || v === null ? 'not set' : String(v);
}

function valueControl(d, value, disabled) {
  const id = `setting-${d.key.replace(/\W/g, '-')}`;
  if (d.type === 'boolean') {
    return h('select', { id, disabled, dataset: { key: d.key } },
      h('option', { value: '', selected: value === undefined }, 'not set'),
      h('option', { value: 'true', selected: value === true }, 'on'),
      h('option', { value: 'false', selected: value === false }, 'off'));
  }
  if (d.type === 'integer') return h('input', { id, type: 'number', disabled, value: value ?? '', placeholder: `default ${d.defaultValue}` });
  if (d.type === 'string_list' && !(d.allowedValues || []).length) {
    return h('textarea', { id, disabled, rows: 3, placeholder: 'one value per line', dataset: { list: 'free' } },
      (value || []).join('\n'));
  }
  if (d.type === 'string_list') {
    // One checkbox per accepted value (for compliance.standards: every shipped and custom standard). Values are
    // cluster and user data, so they go in as text nodes and attributes only; a stored value that is no longer
    // accepted (a deleted custom standard) stays visible, unchecked, so saving drops it knowingly.
    const chosen = value || [];
    const options = [...d.allowedValues, ...chosen.filter((v) => !d.allowedValues.includes(v))];
    return h('fieldset', { id, class: 'checkbox-list', disabled, dataset: { list: 'checkboxes' } },
      options.map((o, i) => h('label', { class: 'checkbox' },
        h('input', { type: 'checkbox', id: `${id}-${i}`, value: o, checked: chosen.includes(o) && d.allowedValues.includes(o),
          disabled: disabled || !d.allowedValues.includes(o) }),
        ' ', o, d.allowedValues.includes(o) ? null : h('span', { class: 'muted' }, ' (no longer exists)'))));
  }
  if (d.allowedValues && d.allowedValues.length) {
    return h('select', { id, disabled }, h('option', { value: '' }, 'not set'),
      d.allowedValues.map((o) => h('option', { value: o, selected: value === o }, o)));
  }
  return h('input', { id, disabled, value: value ?? '', placeholder: `default ${d.defaultValue ?? ''}` });
}

function read(d, control) {
  if (control.disabled) return undefined;
  if (d.type === 'boolean') return control.value === '' ? undefined : control.value === 'true';
  if (d.type === 'integer') return control.value === '' ? undefined : Number(control.value);
  if (d.type === 'string_list' && control.dataset.list === 'free') {
    const values = control.value.split(/[\n,]/).map((v) => v.trim()).filter(Boolean);
    return values.length ? values : undefined;
  }
  if (d.type === 'string_list') {
    const chosen = [...control.querySelectorAll('input[type=checkbox]')].filter((c) => c.checked).map((c) => c.value);
    return chosen.length ? chosen : undefined;
  }
  return control.value === '' ? undefined : control.value;
}
