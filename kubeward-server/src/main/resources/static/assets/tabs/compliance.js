import { api, h, qs, label, severityBadge, time } from '/assets/api.js';
import { navigate } from '/assets/router.js';
import { columns, filters, RECOMMENDATION_STATUSES, attributeList } from '/assets/tabs/common.js';
import { findingsList } from '/assets/components/findings-list.js';

// Compliance: a summary card per selected standard (score, passed, failed, manual, not evaluated, evidence export),
// the trend of the chosen standard, and the grid of failing controls only, with their recommendations and affected
// resources; a control opens in the detail panel with remediation and audit steps. "All findings" shows the same
// failing controls as findings, for owners, statuses and bulk actions. Filters live in the URL like every list.
const SVG = 'http://www.w3.org/2000/svg';
const GRID_FILTERS = ['standard', 'section', 'control', 'severity', 'namespace', 'kind'];

const tab = {
  id: 'compliance',
  kind: 'compliance',
  title: 'Compliance',
  component: 'kubernetesApiAccess',
  capability: 'compliance',
  defaultSort: 'severity', // the API sorts worst first
  columns: [columns.severity,
    { key: 'control', label: 'Control', render: (f) => h('span', {}, h('code', {}, f.ruleId || ''), ' ', f.title) },
    columns.status, columns.owner],
  filters: [filters.severity, { key: 'rule', label: 'Control', type: 'text' }, filters.owner],
  statuses: RECOMMENDATION_STATUSES,
  view: (ctx, query) => complianceView(ctx, query),
  detail: (f) => [attributeList(f.attributes, ['recommendations', 'resources', 'description'])],
};

export default tab;

async function complianceView(ctx, query) {
  const path = `/clusters/${ctx.cluster.id}/compliance`;
  const findings = query.view === 'findings';
  const toggle = h('div', { class: 'view-toggle', role: 'group', 'aria-label': 'Show compliance' },
    h('button', { class: findings ? 'secondary' : 'primary', 'aria-pressed': String(!findings), dataset: { view: 'controls' },
      onclick: () => navigate(path, { view: '' }) }, 'Failing controls'),
    h('button', { class: findings ? 'primary' : 'secondary', 'aria-pressed': String(findings), dataset: { view: 'findings' },
      onclick: () => navigate(path, { view: 'findings' }) }, 'All findings'));
  if (findings) return h('div', { class: 'compliance' }, toggle, await findingsList(tab, ctx, query));

  const base = `/api/v1/clusters/${encodeURIComponent(ctx.cluster.id)}/compliance`;
  const summary = await api(base);
  if (!summary.evaluated) {
    return h('div', { class: 'compliance' }, toggle, h('div', { class: 'card empty', 'data-empty': 'notEvaluated' },
      h('h3', {}, 'Not evaluated'), h('p', {}, summary.detail)));
  }
  if (!summary.standards.length) {
    return h('div', { class: 'compliance' }, toggle, h('div', { class: 'card empty', 'data-empty': 'noStandards' },
      h('h3', {}, 'No standard selected'),
      h('p', {}, 'Choose standards in the compliance.standards setting of the cluster or its workspace.'),
      h('a', { href: `#/clusters/${encodeURIComponent(ctx.cluster.id)}/settings` }, 'Open the cluster settings')));
  }
  const chosen = summary.standards.find((s) => s.id === query.standard) || summary.standards[0];
  return h('div', { class: 'compliance' }, toggle,
    h('p', { class: 'muted' }, 'Assessed ', time(summary.evaluatedAt), ' from the misconfiguration scan. ',
      'Not evaluated controls are never counted as passed.',
      summary.unknownStandards.length ? ` Unknown standards selected: ${summary.unknownStandards.join(', ')}.` : ''),
    h('div', { class: 'standard-cards' }, summary.standards.map((s) => standardCard(s, s.id === chosen.id, base, path, query))),
    await trend(base, chosen),
    await grid(base, ctx, path, query, summary.standards));
}

function standardCard(s, active, base, path, query) {
  const score = s.score === null || s.score === undefined ? 'n/a' : `${s.score}%`;
  const evidence = (format) => h('a', { href: `${base}/standards/${encodeURIComponent(s.id)}/evidence?format=${format}`,
    download: `${s.id}-evidence.${format}`, class: 'evidence', dataset: { format } }, format.toUpperCase());
  return h('article', { class: `card standard-card${active ? ' active' : ''}`, dataset: { standard: s.id } },
    h('h3', {}, h('button', { class: 'link', 'aria-pressed': String(active),
      onclick: () => navigate(path, { ...pick(query, GRID_FILTERS), standard: s.id }) }, s.name)),
    h('div', { class: 'muted' }, `${s.id} · ${s.version}`),
    h('div', { class: 'score', 'aria-label': `Score ${score} of automated controls passing` }, score),
    h('dl', { class: 'counts' },
      count('Passed', s.passed, 'passed'), count('Failed', s.failed, 'failed'), count('Manual', s.manual, 'manual'),
      count('Not evaluated', s.notEvaluated, 'notEvaluated')),
    h('div', { class: 'evidence-links' }, 'Evidence: ', evidence('json'), ' ', evidence('csv')));
}

function count(name, n, key) {
  return h('div', { dataset: { count: key } }, h('dt', {}, name), h('dd', {}, String(n)));
}

// The score of one standard over the last 90 days, drawn as an SVG line with DOM APIs (no markup strings).
async function trend(base, standard) {
  const t = await api(`${base}/standards/${encodeURIComponent(standard.id)}/trend?days=90`);
  const points = t.points.filter((p) => p.score !== null && p.score !== undefined);
  const width = 600;
  const height = 160;
  const pad = 30;
  const svg = svgEl('svg', { class: 'trend-chart', viewBox: `0 0 ${width} ${height}`, role: 'img',
    'aria-label': `Score of ${standard.name} over the last 90 days` });
  for (const v of [0, 50, 100]) {
    const y = pad + (height - 2 * pad) * (1 - v / 100);
    svg.appendChild(svgEl('line', { x1: pad, x2: width - 10, y1: y, y2: y, class: 'grid-line' }));
    svg.appendChild(svgText(`${v}%`, { x: 2, y: y + 4, class: 'axis' }));
  }
  const start = Date.parse(`${t.points.length ? t.points[0].day : new Date().toISOString().slice(0, 10)}T00:00:00Z`);
  const end = Date.parse(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
  const span = Math.max(end - start, 86400000);
  const xy = (p) => [pad + (width - pad - 10) * ((Date.parse(`${p.day}T00:00:00Z`) - start) / span),
    pad + (height - 2 * pad) * (1 - p.score / 100)];
  if (points.length > 1) {
    svg.appendChild(svgEl('polyline', { class: 'trend-line', fill: 'none',
      points: points.map((p) => xy(p).map((n) => n.toFixed(1)).join(',')).join(' ') }));
  }
  for (const p of points) {
    const [x, y] = xy(p);
    const dot = svgEl('circle', { cx: x.toFixed(1), cy: y.toFixed(1), r: 4, class: 'trend-point', 'data-day': p.day });
    dot.appendChild(svgText(`${p.day}: ${p.score}% (${p.failed} failed, ${p.notEvaluated} not evaluated)`, {}, 'title'));
    svg.appendChild(dot);
  }
  if (points.length) {
    svg.appendChild(svgText(points[0].day, { x: pad, y: height - 6, class: 'axis' }));
    svg.appendChild(svgText(points[points.length - 1].day, { x: width - 90, y: height - 6, class: 'axis' }));
  }
  return h('section', { class: 'card trend', dataset: { standard: standard.id } },
    h('h3', {}, `Trend: ${standard.name}`),
    points.length ? svg : h('p', { class: 'muted' }, 'No snapshot yet; one is taken every day.'),
    h('p', { class: 'muted' }, `${points.length} daily snapshot(s) in the last 90 days.`));
}

function svgEl(tag, attrs) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
  return el;
}

function svgText(text, attrs, tag = 'text') {
  const el = svgEl(tag, attrs);
  el.textContent = text;
  return el;
}

async function grid(base, ctx, path, query, standards) {
  const filter = pick(query, GRID_FILTERS);
  const standard = h('select', { id: 'cc-standard' }, h('option', { value: '' }, 'All selected standards'),
    standards.map((s) => h('option', { value: s.id, selected: s.id === query.standard }, s.name)));
  const severity = h('select', { id: 'cc-severity', multiple: true, size: 4 },
    ['critical', 'high', 'medium', 'low'].map((s) => h('option', { value: s,
      selected: (query.severity || '').split(',').includes(s) }, label(s))));
  const text = (id, key, placeholder) => h('input', { id, type: 'search', value: query[key] || '', placeholder });
  const section = text('cc-section', 'section', 'e.g. 5.2');
  const control = text('cc-control', 'control', 'e.g. 5.2.2');
  const namespace = text('cc-namespace', 'namespace', '');
  const kind = text('cc-kind', 'kind', 'e.g. Deployment');
  const form = h('form', { class: 'filters', role: 'search', onsubmit: (e) => {
    e.preventDefault();
    navigate(path, { standard: standard.value, section: section.value.trim(), control: control.value.trim(),
      severity: [...severity.selectedOptions].map((o) => o.value), namespace: namespace.value.trim(),
      kind: kind.value.trim() });
  } },
  field('cc-standard', 'Standard', standard), field('cc-section', 'Section', section),
  field('cc-control', 'Control', control), field('cc-severity', 'Severity', severity),
  field('cc-namespace', 'Namespace', namespace), field('cc-kind', 'Resource kind', kind),
  h('div', { class: 'field' }, h('button', { type: 'submit', class: 'primary' }, 'Apply filters'),
    h('button', { type: 'button', class: 'secondary', onclick: () => navigate(path, {}) }, 'Clear')));

  const tbody = h('tbody');
  const more = h('button', { class: 'secondary', hidden: true }, 'Load more');
  const countLine = h('p', { class: 'muted', 'aria-live': 'polite' });
  let shown = 0;
  async function load(cursor) {
    const page = await api(`${base}/failing${qs({ ...filter, limit: 50, cursor })}`);
    for (const c of page.items) tbody.appendChild(controlRow(c, base, ctx));
    shown += page.items.length;
    countLine.textContent = `${shown} failing control(s)${page.nextCursor ? ' shown; more below' : ''}.`;
    more.hidden = !page.nextCursor;
    more.onclick = () => load(page.nextCursor);
    if (!shown) {
      tbody.appendChild(h('tr', {}, h('td', { colspan: 6, class: 'muted', 'data-empty': 'noFailingControls' },
        'No failing controls match these filters.')));
    }
  }
  await load(undefined);
  return h('section', { class: 'card failing-controls' },
    h('h3', {}, 'Failing controls'), form, countLine,
    h('table', { class: 'findings compliance-grid' },
      h('thead', {}, h('tr', {}, ['Severity', 'Standard', 'Control', 'Section', 'Recommendations', 'Resources']
        .map((c) => h('th', { scope: 'col' }, c)))),
      tbody),
    more);
}

function field(id, name, input) {
  return h('div', { class: 'field' }, h('label', { for: id }, name), input);
}

function controlRow(c, base, ctx) {
  const open = () => openControl(c, base, ctx);
  return h('tr', { class: 'failing-control', tabindex: '0', dataset: { standard: c.standardId, control: c.controlId },
    onclick: open, onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); open(); } } },
  h('td', {}, severityBadge(c.severity)),
  h('td', {}, h('code', {}, c.standardId)),
  h('td', {}, h('code', {}, c.controlId), ' ', h('span', { class: 'title' }, c.title)),
  h('td', {}, c.sectionTitle || c.section),
  h('td', {}, c.recommendations.map((r) => h('div', {}, h('code', {}, r.ruleId), ' ', r.title))),
  h('td', { class: 'num' }, String(c.resourceCount)));
}

// The control in the side panel: status, description, each failing recommendation with its remediation and the
// resources it fails on, and the audit steps of manual controls.
async function openControl(c, base, ctx) {
  const panel = document.getElementById('detail') || document.body.appendChild(
    h('aside', { id: 'detail', class: 'detail', 'aria-label': 'Control details', tabindex: '-1' }));
  panel.hidden = false;
  panel.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
  const d = await api(`${base}/standards/${encodeURIComponent(c.standardId)}/controls/${encodeURIComponent(c.controlId)}`);
  const close = () => { panel.hidden = true; panel.replaceChildren(); };
  panel.replaceChildren(...[
    h('div', { class: 'detail-head' },
      h('h2', {}, `${d.controlId} ${d.title}`),
      h('button', { class: 'link', 'aria-label': 'Close details', onclick: close }, '✕')),
    h('div', { class: 'badges' }, d.severity ? severityBadge(d.severity) : null,
      h('span', { class: `status control-${d.status.replace(' ', '-')}`, 'data-status': d.status }, label(d.status))),
    h('dl', { class: 'facts' },
      fact('Standard', d.standardName), fact('Section', d.sectionTitle || d.section),
      fact('Decided by', d.automated ? d.rules.join(', ') : 'manual check'),
      fact('Failing resources', String(d.resourceCount)), fact('Assessed', time(d.evaluatedAt)),
      d.notEvaluatedReason ? fact('Not evaluated', `${d.notEvaluatedReason}: ${d.notEvaluatedDetail}`) : null),
    d.description ? h('section', {}, h('h4', {}, 'What it asks'), h('p', {}, d.description)) : null,
    d.audit ? h('section', {}, h('h4', {}, 'Audit steps'), h('p', { class: 'prewrap' }, d.audit)) : null,
    d.recommendations.length ? h('section', { class: 'recommendations' }, h('h4', {}, 'Failing recommendations'),
      d.recommendations.map((r) => h('div', { class: 'recommendation', dataset: { rule: r.ruleId } },
        h('h5', {}, severityBadge(r.severity), ' ', h('code', {}, r.ruleId), ' ', r.title),
        h('p', {}, h('strong', {}, 'Remediation: '), r.remediation),
        // Rules link to their page and the misconfigurations tab; runtime detections to the alerts tab; control-plane
        // and kubelet checks have neither (their evidence is the resources below).
        r.source === 'detection'
          ? h('a', { href: `#/clusters/${encodeURIComponent(ctx.cluster.id)}/alerts` }, 'Open the alerts of this detection')
          : r.source === 'check' ? h('span', { class: 'muted' }, 'Control-plane or kubelet check')
            : [h('a', { href: `#/rules/${encodeURIComponent(r.ruleId)}` }, 'Rule details'), ' · ',
              h('a', { href: `#/clusters/${encodeURIComponent(ctx.cluster.id)}/misconfigurations?rule=${encodeURIComponent(r.ruleId)}` },
                'Open in Misconfigurations (quick fix, fixed manifest, admission policy)')],
        h('ul', { class: 'resources' }, r.resources.map((x) => h('li', {},
          h('code', {}, `${x.kind} ${x.namespace ? `${x.namespace}/` : ''}${x.name}${x.container ? ` [${x.container}]` : ''}`),
          x.message ? h('div', { class: 'muted' }, x.message) : null))),
        r.resourcesTruncated ? h('p', { class: 'muted' }, `${r.resourceCount} resources in all; the evidence export lists every one.`) : null)))
      : null,
  ].filter(Boolean));
  panel.focus();
}

function fact(name, value) {
  if (value === null || value === undefined || value === '') return null;
  return [h('dt', {}, name), h('dd', {}, value)];
}

function pick(query, keys) {
  const out = {};
  for (const k of keys) if (query[k]) out[k] = query[k];
  return out;
}
