import { api, h, me, may, severityBadge, time } from '/assets/api.js';
import { navigate } from '/assets/router.js';
import { formDialog, toast } from '/assets/components/dialog.js';

// The misconfiguration rules: every built-in and custom rule, one rule with its CEL, fixtures and admission policy,
// and (securityAdmin) custom rules posted as YAML, with the engine's problems shown when one does not load.
export async function rulesView(params, query) {
  return params.id ? ruleView(params.id) : rulesList(query);
}

async function rulesList(query) {
  const [rules, user] = await Promise.all([api('/api/v1/rules'), me()]);
  const text = (query.q || '').toLowerCase();
  const shown = rules.filter((r) => !text || `${r.id} ${r.title} ${r.category}`.toLowerCase().includes(text));
  const search = h('input', { id: 'rules-q', type: 'search', value: query.q || '' });
  const form = h('form', { class: 'filters', role: 'search', onsubmit: (e) => {
    e.preventDefault();
    navigate('/rules', { q: search.value.trim() });
  } }, h('div', { class: 'field' }, h('label', { for: 'rules-q' }, 'Search id, title or category'), search),
  h('div', { class: 'field' }, h('button', { type: 'submit', class: 'primary' }, 'Search')));
  const add = may(user, 'manageRules')
    ? h('button', { class: 'primary', dataset: { action: 'add-rule' }, onclick: () => editRule(null) }, 'Add custom rule') : null;
  return h('section', { class: 'rules' },
    h('div', { class: 'card-head' }, h('h1', {}, 'Misconfiguration rules'), add),
    h('p', { class: 'muted' }, `${rules.length} rules: ${rules.filter((r) => r.custom).length} custom. Every cluster is evaluated with all of them.`),
    form,
    h('div', { class: 'table-wrap' }, h('table', { class: 'rules-table' },
      h('thead', {}, h('tr', {}, ['Severity', 'Rule', 'Title', 'Category', 'Checks', 'Fix', 'Admission'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, shown.map((r) => h('tr', { dataset: { rule: r.id } },
        h('td', {}, severityBadge(r.severity)),
        h('td', {}, h('a', { href: `#/rules/${encodeURIComponent(r.id)}` }, r.id), r.custom ? h('span', { class: 'badge' }, 'custom') : null),
        h('td', {}, r.title), h('td', {}, r.category), h('td', {}, r.target),
        h('td', {}, r.quickFix ? 'yes' : h('span', { class: 'muted' }, 'no')),
        h('td', {}, r.admission ? 'yes' : h('span', { class: 'muted' }, 'no'))))))));
}

async function ruleView(id) {
  const [r, user] = await Promise.all([api(`/api/v1/rules/${encodeURIComponent(id)}`), me()]);
  const manage = r.custom && may(user, 'manageRules');
  return h('section', { class: 'rule', dataset: { rule: r.id } },
    h('p', {}, h('a', { href: '#/rules' }, '← All rules')),
    h('div', { class: 'card-head' }, h('h1', {}, `${r.id}: ${r.title}`),
      manage ? h('div', { class: 'actions' },
        h('button', { class: 'secondary', onclick: () => editRule(r) }, 'Replace…'),
        h('button', { class: 'secondary', onclick: () => removeRule(r) }, 'Remove')) : null),
    h('div', { class: 'badges' }, severityBadge(r.severity), h('span', { class: 'badge' }, r.category),
      h('span', { class: 'badge' }, r.target), r.custom ? h('span', { class: 'badge' }, 'custom') : null),
    h('div', { class: 'card' },
      h('dl', { class: 'facts' },
        [['Kinds', r.kinds.join(', ')], ['Source', r.source],
          ['Parameters', Object.keys(r.params || {}).length ? JSON.stringify(r.params) : null],
          ['Added by', r.author ? [r.author.createdBy, ' · ', time(r.author.createdAt)] : null]]
          .filter(([, v]) => v).map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
      h('h4', {}, 'Why it matters'), h('p', { class: 'prewrap' }, r.description),
      h('h4', {}, 'Remediation'), h('p', { class: 'prewrap' }, r.remediation),
      r.references.length ? [h('h4', {}, 'References'), h('ul', {}, r.references.map((ref) => h('li', {},
        /^https?:\/\//i.test(ref) ? h('a', { href: ref, rel: 'noopener noreferrer', target: '_blank' }, ref) : ref)))] : null),
    h('div', { class: 'card' },
      h('h3', {}, 'Condition (CEL, true = misconfigured)'), h('pre', { class: 'code', dataset: { cel: 'condition' } }, r.condition),
      h('h4', {}, 'Message'), h('pre', { class: 'code' }, r.message),
      h('h4', {}, 'Quick fix'), r.quickFix
        ? [h('p', {}, `${r.quickFix.description} (merged into the ${r.quickFix.appliesTo})`), h('pre', { class: 'code' }, r.quickFix.patch)]
        : h('p', { class: 'muted' }, 'None: follow the remediation steps.')),
    h('div', { class: 'card' }, h('h3', {}, 'Fixtures'),
      r.fixtures.length ? h('ul', { class: 'fixtures' }, r.fixtures.map((f) => h('li', {},
        h('code', {}, f.name), `: must ${f.expectation === 'fail' ? 'raise' : 'not raise'} ${r.id}`,
        f.objects.length ? h('span', { class: 'muted' }, ` (${f.objects.join(', ')})`) : null)))
        : h('p', { class: 'muted' }, r.custom ? 'Custom rules ship no fixtures.' : 'None shipped.')),
    h('div', { class: 'card' }, h('h3', {}, 'Admission policy'),
      r.admissionPolicy
        ? [h('p', { class: 'muted' }, 'With validation action Deny; the detail panel of a finding applies it to a cluster with its parameters.'),
          h('pre', { class: 'code', dataset: { policy: r.admissionPolicy.name } }, r.admissionPolicy.yaml),
          h('a', { class: 'button secondary', href: `/api/v1/rules/${encodeURIComponent(r.id)}/admission-policy.yaml`, download: '' }, 'Download YAML')]
        : h('p', { class: 'muted' }, r.admissionNote)));
}

async function editRule(existing) {
  const v = await formDialog(existing ? `Replace ${existing.id}` : 'Add custom rule', [{ name: 'yaml', label: 'Rule YAML',
    type: 'textarea', rows: 16, mono: true, required: true,
    hint: 'id, title, severity, category, target, kinds, condition (CEL), message, description, remediation, references' }],
  existing ? 'Replace' : 'Add rule', 'The rule is checked by the engine first; every cluster is evaluated with it once it is stored.');
  if (!v) return;
  try {
    const r = existing
      ? await api(`/api/v1/rules/${encodeURIComponent(existing.id)}`, { method: 'PUT', body: { yaml: v.yaml } })
      : await api('/api/v1/rules', { method: 'POST', body: { yaml: v.yaml } });
    toast(`Rule ${r.id} saved`);
    navigate(`/rules/${encodeURIComponent(r.id)}`);
  } catch (e) {
    toast(e.message, 'error');
  }
}

async function removeRule(r) {
  const v = await formDialog(`Remove ${r.id}`, [], 'Remove', 'Its findings are resolved by the next evaluation of every cluster.');
  if (!v) return;
  try {
    await api(`/api/v1/rules/${encodeURIComponent(r.id)}`, { method: 'DELETE' });
    toast(`Rule ${r.id} removed`);
    navigate('/rules');
  } catch (e) {
    toast(e.message, 'error');
  }
}
