import { api, h, may } from '/assets/api.js';
import { formDialog, toast } from '/assets/components/dialog.js';

// The misconfiguration parts of the detail panel: why the rule matters and how to fix it by hand, then what Kubeward
// can do — the quick fix (preview the patch, dry run, apply after confirmation), the fixed manifest, and the admission
// policy that stops the next faulty deployment.

export function ruleExplanation(f) {
  const a = f.attributes || {};
  const references = (a.references || []).filter((r) => typeof r === 'string');
  const location = a.location && a.location.file ? `${a.location.file}${a.location.line ? `:${a.location.line}` : ''}` : null;
  return h('div', { class: 'rule-explanation' },
    a.outcome === 'rule error' ? h('p', { class: 'note', role: 'note' },
      'The rule could not be evaluated on this object, so it is neither passing nor failing. The details say why.') : null,
    a.description ? h('section', {}, h('h4', {}, 'Why it matters'), h('p', { class: 'prewrap' }, a.description)) : null,
    a.remediation ? h('section', {}, h('h4', {}, 'Remediation'), h('p', { class: 'prewrap' }, a.remediation)) : null,
    references.length ? h('section', {}, h('h4', {}, 'References'),
      h('ul', { class: 'references' }, references.map((r) => h('li', {}, link(r))))) : null,
    h('dl', { class: 'facts' },
      fact('Category', a.category),
      fact('Checks', a.target),
      fact('Controls', (a.controls || []).length ? a.controls.join(', ') : h('span', { class: 'muted' }, 'none mapped')),
      fact('Manifest', location)));
}

// Only web links become links: a custom rule's reference could otherwise carry a javascript: URL.
function link(ref) {
  return /^https?:\/\//i.test(ref) ? h('a', { href: ref, rel: 'noopener noreferrer', target: '_blank' }, ref) : ref;
}

function fact(name, value) {
  if (value === null || value === undefined || value === '') return null;
  return [h('dt', {}, name), h('dd', {}, value)];
}

export function remediationActions(f, ctx) {
  const heading = () => h('h4', {}, 'Fix and prevent');
  const box = h('section', { class: 'remediation', dataset: { remediation: f.id } }, heading(),
    h('p', { class: 'muted' }, 'Loading what can be done…'));
  (async () => {
    try {
      const r = await api(`/api/v1/findings/${f.id}/remediation`);
      box.replaceChildren(heading(), quickFixBlock(f, ctx, r), manifestBlock(f, r), policyBlock(f, ctx, r));
    } catch (e) {
      box.replaceChildren(heading(), h('p', { class: 'error' }, e.message));
    }
  })();
  return box;
}

function result(kind, ok, message, extra = []) {
  return h('div', { class: `result ${ok ? 'ok' : 'failed'}`, role: 'status', dataset: { result: kind } },
    h('strong', {}, ok ? '✓ ' : '✗ '), message, extra);
}

function quickFixBlock(f, ctx, r) {
  const block = h('div', { class: 'remedy', dataset: { remedy: 'quick-fix' } }, h('h5', {}, 'Quick fix'));
  if (!r.quickFix.available) {
    block.append(h('p', { class: 'muted reason' }, r.quickFix.reason));
    return block;
  }
  const flow = h('div', { class: 'quick-fix-flow' });
  const outcome = h('div', { class: 'quick-fix-result' });
  block.append(h('p', {}, 'Kubeward can compute a patch for this object.'),
    h('button', { class: 'secondary', dataset: { action: 'preview-fix' }, onclick: preview }, 'Preview quick fix'), flow);

  async function preview() {
    let p;
    try {
      p = await api(`/api/v1/findings/${f.id}/quick-fix`);
    } catch (e) {
      flow.replaceChildren(result('preview', false, e.message));
      return;
    }
    if (!p.available) {
      flow.replaceChildren(h('p', { class: 'muted reason' }, p.reason));
      return;
    }
    flow.replaceChildren(
      h('p', {}, h('strong', {}, 'What it does: '), p.description || 'merges the patch below into the object.'),
      h('p', { class: 'muted' }, `Object: ${p.resource}`),
      h('pre', { class: 'code', dataset: { patch: 'merge' } }, JSON.stringify(p.patch, null, 2)),
      h('details', {}, h('summary', {}, 'JSON Patch sent to the API server'),
        h('p', { class: 'muted' }, 'Its first operation tests the resourceVersion: the API server refuses the patch if the object changed since this preview.'),
        h('pre', { class: 'code' }, JSON.stringify(p.operations, null, 2))),
      p.applicable ? runButtons(p) : h('p', { class: 'note', role: 'note', dataset: { reason: 'not-applicable' } }, p.reason),
      outcome);
  }

  function runButtons(p) {
    if (!may(ctx.me, 'applyQuickFix')) {
      return h('p', { class: 'muted' }, 'Your role may preview the fix; a contributor or above runs and applies it.');
    }
    return h('div', { class: 'actions' },
      h('button', { class: 'secondary', dataset: { action: 'dry-run' }, onclick: () => dryRun(p) }, 'Dry run'),
      h('button', { class: 'primary', dataset: { action: 'apply-fix' }, onclick: () => apply(p) }, 'Apply…'));
  }

  async function dryRun(p) {
    outcome.replaceChildren(h('p', { class: 'muted' }, 'Asking the API server (dry run)…'));
    try {
      const d = await api(`/api/v1/findings/${f.id}/quick-fix/dry-run`, { method: 'POST', body: { planId: p.planId } });
      outcome.replaceChildren(result('dry-run', d.fixed, `Dry run: ${d.message}.`, remaining(d)));
    } catch (e) {
      outcome.replaceChildren(result('dry-run', false, `Dry run refused: ${e.message}`));
    }
  }

  // The cluster's watch event that resolves the finding arrives a moment after the patch: follow the finding for a
  // few seconds so the panel does not leave the user with a stale "open".
  async function followStatus(id, line) {
    for (let i = 0; i < 20 && line.isConnected; i++) {
      await new Promise((r) => setTimeout(r, 500));
      try {
        const now = await api(`/api/v1/findings/${id}`);
        line.textContent = `The finding is now ${now.status}.`;
        if (now.status === 'resolved') return;
      } catch (e) {
        return;
      }
    }
  }

  async function apply(p) {
    const v = await formDialog('Apply quick fix',
      [{ name: 'comment', label: 'Comment (kept in the finding\'s history)', type: 'textarea' }], 'Apply to cluster',
      `This patches ${p.resource} in cluster ${ctx.cluster.name} now: ${p.description || 'the patch shown'}`);
    if (!v) return;
    try {
      const d = await api(`/api/v1/findings/${f.id}/quick-fix`, { method: 'POST',
        body: { planId: p.planId, confirm: true, comment: v.comment || undefined } });
      const status = d.finding ? h('div', {}, `The finding is now ${d.finding.status}.`) : null;
      outcome.replaceChildren(result('applied', d.fixed, `Applied: ${d.message}.`, [remaining(d), status]));
      toast('Quick fix applied');
      if (status && d.fixed && d.finding.status !== 'resolved') followStatus(f.id, status);
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    } catch (e) {
      outcome.replaceChildren(result('applied', false, `Not applied: ${e.message}`));
    }
  }
  return block;
}

function remaining(d) {
  return d.remaining && d.remaining.length
    ? h('ul', {}, d.remaining.map((m) => h('li', {}, m))) : null;
}

function manifestBlock(f, r) {
  const block = h('div', { class: 'remedy', dataset: { remedy: 'manifest' } }, h('h5', {}, 'Fixed manifest'));
  const out = h('div', { class: 'manifest-result' });
  if (r.fixedManifest.available) {
    block.append(h('p', {}, 'The object as the cluster holds it (without status and server fields), with the fix applied — ready for your repository.'),
      h('div', { class: 'actions' },
        h('a', { class: 'button secondary', href: `/api/v1/findings/${f.id}/fixed-manifest`, download: '',
          dataset: { action: 'download-manifest' } }, 'Download fixed manifest'),
        uploadButton()));
  } else {
    block.append(h('p', { class: 'muted reason' }, r.fixedManifest.reason));
    if (r.rule && !/no automatic fix/.test(r.fixedManifest.reason)) block.append(h('div', { class: 'actions' }, uploadButton()));
  }
  block.append(out);

  function uploadButton() {
    return h('button', { class: 'secondary', dataset: { action: 'fix-yaml' }, onclick: async () => {
      const v = await formDialog('Fix your manifest', [{ name: 'yaml', label: 'Your YAML (one or more documents)',
        type: 'textarea', rows: 14, mono: true, required: true }], 'Fix it',
      `Every object in it that fails ${f.ruleId} gets the fix; other documents keep their text.`);
      if (!v) return;
      try {
        const res = await api(`/api/v1/findings/${f.id}/fixed-manifest`, { method: 'POST', body: { yaml: v.yaml } });
        const url = URL.createObjectURL(new Blob([res.yaml], { type: 'application/yaml' }));
        out.replaceChildren(result('manifest', res.applied.length > 0,
          res.applied.length ? `${res.applied.length} fix(es) applied.` : 'Nothing in it fails this rule with a fixable cause.',
          [h('ul', {}, [...res.applied, ...res.unfixable.map((u) => `not fixed: ${u}`), ...res.problems.map((p) => `not read: ${p}`)]
            .map((line) => h('li', {}, line))),
          h('a', { class: 'button secondary', href: url, download: res.fileName }, `Download ${res.fileName}`),
          h('pre', { class: 'code' }, res.yaml)]));
      } catch (e) {
        out.replaceChildren(result('manifest', false, e.message));
      }
    } }, 'Fix my own YAML…');
  }
  return block;
}

const ACTION_CHOICES = [
  { value: 'Deny', label: 'Deny (reject the request)' },
  { value: 'Warn', label: 'Warn (admit, warn the client)' },
  { value: 'Audit', label: 'Audit (admit, record in the audit log)' },
  { value: 'Warn,Audit', label: 'Warn and audit' },
];

function policyBlock(f, ctx, r) {
  const p = r.admissionPolicy;
  const block = h('div', { class: 'remedy', dataset: { remedy: 'policy' } }, h('h5', {}, 'Prevent with admission policy'));
  if (!p.available) {
    block.append(h('p', { class: 'muted reason' }, p.reason));
    return block;
  }
  const base = `/api/v1/clusters/${encodeURIComponent(ctx.cluster.id)}/admission-policies/${encodeURIComponent(f.ruleId)}`;
  const select = h('select', { id: `policy-actions-${f.id}` }, ACTION_CHOICES.map((c) => h('option', { value: c.value }, c.label)));
  const state = h('span', { class: 'policy-state', dataset: { installed: String(p.installed) } },
    p.installed === true ? h('span', { class: 'badge installed' }, 'installed in this cluster')
      : p.installed === false ? h('span', { class: 'muted' }, 'not installed in this cluster') : null);
  const out = h('div', { class: 'policy-view' });
  const buttons = h('div', { class: 'actions' },
    h('button', { class: 'secondary', dataset: { action: 'view-policy' }, onclick: view }, 'View policy'));
  if (p.installable && may(ctx.me, 'manageAdmissionPolicies')) {
    buttons.append(h('button', { class: 'primary', dataset: { action: 'apply-policy' }, onclick: install }, 'Apply to cluster'));
    if (p.installed) buttons.append(h('button', { class: 'secondary', dataset: { action: 'remove-policy' }, onclick: remove }, 'Remove from cluster'));
  }
  block.append(
    h('p', {}, `Stops new objects that fail ${f.ruleId} at the API server: a ValidatingAdmissionPolicy `,
      p.policyName ? h('code', {}, p.policyName) : null, ' and its binding.'),
    h('div', { class: 'field' }, h('label', { for: `policy-actions-${f.id}` }, 'When a request violates it'), select),
    state, buttons,
    !p.installable ? h('p', { class: 'note', role: 'note', dataset: { reason: 'policy' } }, `Cannot apply from here: ${p.reason}.`)
      : may(ctx.me, 'manageAdmissionPolicies') ? null
        : h('p', { class: 'muted' }, 'A securityAdmin applies policies to the cluster.'),
    out);

  async function view() {
    try {
      const v = await api(`${base}?actions=${encodeURIComponent(select.value)}`);
      const url = URL.createObjectURL(new Blob([v.yaml], { type: 'application/yaml' }));
      out.replaceChildren(h('pre', { class: 'code', dataset: { policy: v.name } }, v.yaml),
        h('a', { class: 'button secondary', href: url, download: `${v.name}.yaml` }, 'Download YAML'));
    } catch (e) {
      out.replaceChildren(result('policy', false, e.message));
    }
  }
  async function install() {
    const v = await formDialog('Apply admission policy', [], 'Apply to cluster',
      `This installs ${p.policyName} and its binding (${select.value}) in cluster ${ctx.cluster.name}. `
        + 'New and updated objects that fail the rule will be handled as chosen.');
    if (!v) return;
    try {
      const s = await api(base, { method: 'PUT', body: { actions: select.value.split(',') } });
      out.replaceChildren(result('policy', s.installed === true, s.installed ? `Installed ${s.name} (${s.actions.join(', ')}).` : 'Sent, but the cluster does not list it yet.'));
      toast('Admission policy applied');
    } catch (e) {
      out.replaceChildren(result('policy', false, `Not applied: ${e.message}`));
    }
  }
  async function remove() {
    const v = await formDialog('Remove admission policy', [], 'Remove',
      `This removes ${p.policyName} and its binding from cluster ${ctx.cluster.name}.`);
    if (!v) return;
    try {
      await api(base, { method: 'DELETE' });
      out.replaceChildren(result('policy', true, `Removed ${p.policyName}.`));
      toast('Admission policy removed');
    } catch (e) {
      out.replaceChildren(result('policy', false, `Not removed: ${e.message}`));
    }
  }
  return block;
}
