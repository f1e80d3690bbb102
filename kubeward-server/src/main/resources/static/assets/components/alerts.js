import { api, h, time, label, may } from '/assets/api.js';
import { navigate } from '/assets/router.js';
import { findingsList } from '/assets/components/findings-list.js';
import { openDetail } from '/assets/components/detail-panel.js';
import { formDialog, toast } from '/assets/components/dialog.js';

// The Security alerts tab beyond the shared list: the alert's own detail (entities, evidence, Open logs, recommended
// steps, MITRE, suppression rule prefilled from it) and the views Incidents, Suppression rules, Drift policies and
// Sensors. All cluster data is set as text through h().

const VIEWS = [
  ['alerts', 'Alerts'], ['incidents', 'Incidents'], ['suppression', 'Suppression rules'], ['drift', 'Drift policies'],
  ['sensors', 'Sensors'],
];

export async function alertsView(tab, ctx, query) {
  const current = VIEWS.some(([v]) => v === query.view) ? query.view : 'alerts';
  const path = `/clusters/${ctx.cluster.id}/${tab.id}`;
  const panel = document.getElementById('detail');
  if (panel && current !== 'alerts') { panel.hidden = true; panel.replaceChildren(); }
  const toggle = h('div', { class: 'view-toggle', role: 'group', 'aria-label': 'Show' },
    VIEWS.map(([v, text]) => h('button', { class: v === current ? 'primary' : 'secondary', 'aria-pressed': String(v === current),
      dataset: { view: v }, onclick: () => navigate(path, v === 'alerts' ? { ...query, view: '' } : { view: v }) }, text)));
  let body;
  try {
    body = current === 'incidents' ? await incidents(tab, ctx)
      : current === 'suppression' ? await suppressionRules(ctx)
        : current === 'drift' ? await driftPolicies(ctx)
          : current === 'sensors' ? await sensors(ctx)
            : await findingsList(tab, ctx, query);
  } catch (e) {
    body = h('p', { class: 'error' }, e.message);
  }
  const testButton = may(ctx.me, 'changeAlertStatus') ? h('button', { class: 'secondary', dataset: { action: 'test-alert' },
    onclick: async () => {
      try {
        const a = await api(`/api/v1/clusters/${encodeURIComponent(ctx.cluster.id)}/runtime/test-alert`, { method: 'POST' });
        toast(`Test alert raised: ${a.title}`);
        navigate(path, {});
      } catch (e) { toast(e.message, 'error'); }
    } }, 'Raise test alert') : null;
  return h('div', { class: 'alerts-tab' }, h('div', { class: 'toolbar' }, toggle, testButton), body);
}

// The alert part of the detail panel, loaded from the alert behind the finding.
export function alertDetail(f, ctx) {
  const box = h('div', { class: 'alert-detail', dataset: { alertFinding: f.id } }, h('p', { class: 'muted' }, 'Loading the alert…'));
  (async () => {
    try {
      const a = await api(`/api/v1/findings/${f.id}/alert`);
      box.replaceChildren(...alertSections(a, ctx));
    } catch (e) {
      box.replaceChildren(h('p', { class: 'error' }, e.message));
    }
  })();
  return box;
}

function alertSections(a, ctx) {
  const logs = h('div', { class: 'open-logs', dataset: { logs: a.id } });
  const actions = [h('button', { class: 'secondary', dataset: { action: 'open-logs' }, onclick: () => openLogs(a, logs) }, 'Open logs')];
  if (may(ctx.me, 'manageSuppressionRules')) {
    actions.push(h('button', { class: 'secondary', dataset: { action: 'suppress' }, onclick: () => suppressFrom(a) },
      'Create suppression rule'));
  }
  return [
    a.test ? h('p', { class: 'note', role: 'note' }, 'This is a test alert raised to check alert routing. No action is needed.') : null,
    h('dl', { class: 'facts' },
      fact('Detection', h('code', {}, a.detection)),
      fact('Confidence', a.confidence),
      fact('Count', String(a.count)),
      fact('Risk', a.riskReason ? `${a.risk} (${a.riskReason})` : a.risk),
      fact('Status changed', a.statusChangedAt ? [time(a.statusChangedAt), ` by ${a.statusChangedBy}`,
        a.statusReason ? h('div', { class: 'muted' }, a.statusReason) : null] : null),
      fact('Suppressed by rule', a.suppressedBy || null),
      fact('MITRE ATT&CK', a.mitre ? [`${a.mitre.tactic} (${a.mitre.tacticId}) / `,
        h('a', { href: a.mitre.url, rel: 'noopener noreferrer', target: '_blank' }, `${a.mitre.technique} (${a.mitre.techniqueId})`)] : null),
      fact('Command line', a.commandLine ? h('code', {}, a.commandLine) : null)),
    a.description ? h('section', {}, h('h4', {}, 'What happened'), h('p', { class: 'prewrap' }, a.description)) : null,
    a.recommendedSteps.length ? h('section', { class: 'recommended-steps' }, h('h4', {}, 'Recommended steps'),
      h('ol', {}, a.recommendedSteps.map((s) => h('li', {}, s)))) : null,
    h('section', { class: 'entities' }, h('h4', {}, 'Entities'),
      h('table', { class: 'compact' }, h('tbody', {}, a.entities.map((e) => h('tr', {}, h('th', {}, label(e.type)), h('td', {}, e.value)))))),
    h('section', { class: 'evidence' }, h('h4', {}, `Evidence (${a.evidence.length})`),
      h('ol', {}, a.evidence.map((e) => h('li', { dataset: { event: e.id } }, time(e.time), ' ',
        h('span', { class: 'badge' }, e.source), ' ', e.summary)))),
    h('div', { class: 'actions' }, actions),
    logs,
    Object.keys(a.details || {}).length ? h('dl', { class: 'attributes' }, Object.entries(a.details).map(([k, v]) =>
      [h('dt', {}, label(k)), h('dd', {}, String(v))])) : null,
  ];
}

async function openLogs(a, box) {
  box.replaceChildren(h('p', { class: 'muted' }, 'Loading events…'));
  try {
    const r = await api(`/api/v1/runtime/alerts/${encodeURIComponent(a.id)}/events`);
    box.replaceChildren(h('h4', {}, `Events around the alert (${r.scope}, ±10 minutes)`),
      r.events.length ? h('table', { class: 'compact logs' },
        h('thead', {}, h('tr', {}, ['Time', 'Source', 'Kind', 'Event'].map((c) => h('th', {}, c)))),
        h('tbody', {}, r.events.map((e) => h('tr', { class: e.evidence ? 'evidence-row' : '', dataset: { event: e.id } },
          h('td', {}, time(e.time)), h('td', {}, e.source), h('td', {}, e.kind),
          h('td', {}, e.evidence ? h('strong', {}, e.summary) : e.summary)))))
        : h('p', { class: 'muted' }, `No stored events: events are kept ${r.retentionDays} days.`),
      r.truncated ? h('p', { class: 'muted' }, 'Only the first 500 events are shown.') : null);
  } catch (e) {
    box.replaceChildren(h('p', { class: 'error' }, e.message));
  }
}

function entity(a, type) {
  const e = a.entities.find((x) => x.type === type);
  return e ? e.value : '';
}

async function suppressFrom(a) {
  const workload = entity(a, 'workload');
  const v = await formDialog('Create suppression rule', [
    { name: 'name', label: 'Name', required: true, value: `${a.detection} in ${entity(a, 'namespace') || 'the cluster'}` },
    { name: 'detectionIds', label: 'Detections (comma-separated, * allowed)', value: a.detection },
    { name: 'namespace', label: 'Namespace', value: entity(a, 'namespace') },
    { name: 'workload', label: 'Workload', value: workload.split('/').pop() || '' },
    { name: 'image', label: 'Image', value: entity(a, 'image') },
    { name: 'user', label: 'User', value: entity(a, 'user') },
    { name: 'process', label: 'Process', value: entity(a, 'process') },
    { name: 'commandLine', label: 'Command line pattern', value: a.commandLine || '' },
    { name: 'reason', label: 'Why this activity is fine', type: 'textarea', required: true },
    { name: 'expiresAt', label: 'Expires (optional)', type: 'date' },
    { name: 'applyToExisting', label: 'Also dismiss matching open alerts', type: 'select',
      options: [{ value: 'true', label: 'Yes' }, { value: 'false', label: 'No' }], value: 'true' },
  ], 'Create rule', 'New alerts that match are created already Dismissed, naming this rule.');
  if (!v) return;
  try {
    await api('/api/v1/runtime/suppression-rules', { method: 'POST', body: {
      ...v, cluster: a.clusterId,
      detectionIds: v.detectionIds.split(',').map((s) => s.trim()).filter(Boolean),
      expiresAt: v.expiresAt ? `${v.expiresAt}T00:00:00Z` : null,
      applyToExisting: v.applyToExisting === 'true' } });
    toast('Suppression rule created');
  } catch (e) {
    toast(e.message, 'error');
  }
}

// Incidents, latest activity first, 25 at a time with "Load more" (the API pages with a cursor).
async function incidents(tab, ctx) {
  const base = `/api/v1/clusters/${encodeURIComponent(ctx.cluster.id)}/runtime/incidents?limit=25`;
  const list = h('div', { class: 'incidents' });
  const count = h('span', { class: 'muted' });
  const more = h('button', { class: 'secondary', hidden: true, dataset: { action: 'more-incidents' }, onclick: () => load() }, 'Load more');
  let cursor = null;
  let shown = 0;
  async function load() {
    more.disabled = true;
    try {
      const page = await api(cursor ? `${base}&cursor=${encodeURIComponent(cursor)}` : base);
      list.append(...page.items.map((i) => incidentCard(i, tab, ctx)));
      shown += page.items.length;
      cursor = page.nextCursor || null;
      more.hidden = !cursor;
      count.textContent = `${shown} shown${cursor ? ', more available' : ''}`;
    } catch (e) {
      toast(e.message, 'error');
    } finally {
      more.disabled = false;
    }
  }
  await load();
  if (!shown) return h('p', { class: 'muted empty' }, 'No incidents: no alerts of the last 7 days share a workload, pod, user or address.');
  return h('div', {}, list, h('div', { class: 'pager' }, count, more));
}

function incidentCard(i, tab, ctx) {
  return h('article', { class: 'card incident', dataset: { incident: i.id } },
    h('h3', {}, i.title),
    h('p', { class: 'muted' }, time(i.firstSeen), ' – ', time(i.lastSeen), ` · highest severity ${i.severity}`,
      ' · linked by ', i.sharedEntities.map((e) => `${e.type} ${e.value}`).join(', ')),
    h('ul', {}, i.alerts.map((a) => h('li', {},
      h('span', { class: `badge sev-${a.severity.toLowerCase()}` }, a.severity), ' ',
      a.findingId ? h('a', { href: '#', onclick: (e) => { e.preventDefault(); openDetail(a.findingId, tab, ctx); } }, a.title) : a.title,
      ` · ${a.status} · ${a.count}×`))));
}

async function suppressionRules(ctx) {
  const rules = await api('/api/v1/runtime/suppression-rules');
  const canEdit = may(ctx.me, 'manageSuppressionRules');
  if (!rules.length) return h('p', { class: 'muted empty' }, 'No suppression rules. Create one from an alert\'s detail panel.');
  return h('table', { class: 'list suppression-rules' },
    h('thead', {}, h('tr', {}, ['Name', 'Matches', 'Reason', 'Author', 'State', ''].map((c) => h('th', {}, c)))),
    h('tbody', {}, rules.map((r) => h('tr', { dataset: { rule: r.id }, class: r.expired ? 'expired' : '' },
      h('td', {}, r.name),
      h('td', {}, [['detections', r.detectionIds.join(', ')], ['namespace', r.namespace], ['workload', r.workload],
        ['image', r.image], ['user', r.user], ['process', r.process], ['command', r.commandLine]]
        .filter(([, v]) => v).map(([k, v]) => h('div', {}, h('span', { class: 'muted' }, `${k}: `), v))),
      h('td', {}, r.reason), h('td', {}, r.author), h('td', {}, r.state),
      h('td', {}, canEdit ? h('button', { class: 'link', onclick: async () => {
        try {
          await api(`/api/v1/runtime/suppression-rules/${encodeURIComponent(r.id)}`, { method: 'DELETE' });
          toast('Rule deleted');
          navigate(`/clusters/${ctx.cluster.id}/alerts`, { view: 'suppression' });
        } catch (e) { toast(e.message, 'error'); }
      } }, 'Delete') : null)))));
}

async function driftPolicies(ctx) {
  const list = await api('/api/v1/runtime/drift-policies');
  const canEdit = may(ctx.me, 'manageSuppressionRules');
  const add = canEdit ? h('button', { class: 'secondary', dataset: { action: 'add-drift-policy' }, onclick: async () => {
    const v = await formDialog('Add drift policy', [
      { name: 'name', label: 'Name', required: true },
      { name: 'action', label: 'Action', type: 'select', options: [{ value: 'allow', label: 'Allow' }, { value: 'alert', label: 'Alert' }] },
      { name: 'namespaces', label: 'Namespaces (comma-separated globs)' },
      { name: 'images', label: 'Images (globs)' },
      { name: 'paths', label: 'Executable paths (globs)' },
    ], 'Add', 'Policies are evaluated in order; the first that matches a drifted process decides.');
    if (!v) return;
    const split = (s) => s.split(',').map((x) => x.trim()).filter(Boolean);
    try {
      await api('/api/v1/runtime/drift-policies', { method: 'POST', body: { name: v.name, action: v.action,
        namespaces: split(v.namespaces), images: split(v.images), paths: split(v.paths) } });
      navigate(`/clusters/${ctx.cluster.id}/alerts`, { view: 'drift' });
    } catch (e) { toast(e.message, 'error'); }
  } }, 'Add drift policy') : null;
  return h('div', {}, add, list.length ? h('table', { class: 'list drift-policies' },
    h('thead', {}, h('tr', {}, ['#', 'Name', 'Action', 'Covers'].map((c) => h('th', {}, c)))),
    h('tbody', {}, list.map((p, i) => h('tr', { dataset: { policy: p.id } }, h('td', {}, String(i + 1)), h('td', {}, p.name),
      h('td', {}, h('span', { class: `badge drift-${p.action}` }, label(p.action))),
      h('td', {}, [['clusters', p.clusters], ['namespaces', p.namespaces], ['images', p.images], ['paths', p.paths]]
        .filter(([, v]) => v.length).map(([k, v]) => h('div', {}, h('span', { class: 'muted' }, `${k}: `), v.join(', '))),
        Object.keys(p.matchLabels).length ? h('div', {}, h('span', { class: 'muted' }, 'labels: '),
          Object.entries(p.matchLabels).map(([k, v]) => `${k}=${v}`).join(', ')) : null)))))
    : h('p', { class: 'muted empty' }, 'No drift policies: every executable that is not from its image raises an alert.'));
}

async function sensors(ctx) {
  const list = await api(`/api/v1/clusters/${encodeURIComponent(ctx.cluster.id)}/runtime/sensors`);
  if (!list.length) return h('p', { class: 'muted empty' }, 'No sensor has posted events for this cluster yet. Create an ingestion token and point the audit webhook, Falco or Tetragon at /api/v1/ingest/runtime/{format}.');
  return h('table', { class: 'list sensors' },
    h('thead', {}, h('tr', {}, ['Sensor', 'Health', 'Last batch', 'Events', 'Refused (malformed)', 'Refused (queue full)', 'Failed (set aside)', 'Last problem'].map((c) => h('th', {}, c)))),
    h('tbody', {}, list.map((s) => h('tr', { dataset: { sensor: s.format } },
      h('td', {}, s.format),
      h('td', {}, s.silent ? h('span', { class: 'badge sev-medium' }, 'silent') : h('span', { class: 'badge ok' }, 'sending')),
      h('td', {}, time(s.lastBatchAt)), h('td', { class: 'num' }, `${s.events} in ${s.batches} batches`),
      h('td', { class: 'num' }, String(s.rejectedBatches)),
      h('td', { class: 'num' }, s.throttledBatches ? `${s.throttledBatches} (${s.throttledEvents} events)` : '0'),
      h('td', { class: 'num' }, String(s.failedBatches || 0)),
      // A failed batch is the worse problem (its events were never evaluated), so it is named first.
      h('td', {}, s.lastFailure || s.lastRejection || h('span', { class: 'muted' }, '—'))))));
}

function fact(name, value) {
  if (value === null || value === undefined || value === '') return null;
  return [h('dt', {}, name), h('dd', {}, value)];
}

