import { api, h, qs, label, severityBadge, riskBadge, time } from '/assets/api.js';
import { navigate } from '/assets/router.js';
import { findingsList } from '/assets/components/findings-list.js';
import { openDetail } from '/assets/components/detail-panel.js';

// The vulnerability assessment tab: risk-ranked vulnerable components (from the risk engine, with score), the images
// and their scan status, node pools and the control plane, attack paths drawn as SVG, and the plain findings list.
// Every piece of cluster data goes through h() or textContent: nothing is ever parsed as HTML.
const VIEWS = [['components', 'Components'], ['images', 'Images'], ['nodes', 'Node pools'],
  ['paths', 'Attack paths'], ['findings', 'All findings']];

export async function vulnerabilitiesView(tab, ctx, query) {
  const view = VIEWS.some(([v]) => v === query.view) ? query.view : 'components';
  const path = `/clusters/${ctx.cluster.id}/${tab.id}`;
  const base = `/api/v1/clusters/${encodeURIComponent(ctx.cluster.id)}/vulnerabilities`;
  const toggle = h('div', { class: 'view-toggle', role: 'group', 'aria-label': 'Show' },
    VIEWS.map(([v, text]) => h('button', { class: v === view ? 'primary' : 'secondary', 'aria-pressed': String(v === view),
      dataset: { view: v }, onclick: () => navigate(path, { view: v === 'components' ? '' : v }) }, text)));
  const summary = await api(`${base}/summary`);
  const head = h('div', { class: 'vuln-summary card', 'aria-live': 'polite' },
    h('span', { class: `pill state-${camel(summary.state)}` }, label(camel(summary.state))), ' ',
    h('span', {}, summary.detail),
    h('div', { class: 'chips' }, Object.entries(summary.byRisk).map(([r, n]) =>
      h('span', { class: `chip sev-${r}`, dataset: { risk: r } }, `${label(r)}: ${n}`))));
  let body;
  if (view === 'images') body = await images(base);
  else if (view === 'nodes') body = await nodePools(base, tab, ctx);
  else if (view === 'paths') body = await attackPaths(base, tab, ctx);
  else if (view === 'findings') body = await findingsList(tab, ctx, query);
  else body = await components(base, tab, ctx, query, path);
  return h('div', { class: 'vulnerabilities' }, head, toggle, body);
}

function camel(s) {
  return (s || '').replace(/[_-]([a-z])/g, (_, c) => c.toUpperCase());
}

async function components(base, tab, ctx, query, path) {
  const filter = {};
  for (const k of ['risk', 'severity', 'namespace', 'package', 'cve', 'image', 'kev', 'fixAvailable']) if (query[k]) filter[k] = query[k];
  const page = await api(`${base}/components${qs({ ...filter, limit: 100, cursor: query.cursor })}`);
  const risk = h('select', { id: 'vuln-risk', multiple: true, size: 4 },
    ['critical', 'high', 'medium', 'low'].map((r) => h('option', { value: r, selected: (query.risk || '').split(',').includes(r) }, label(r))));
  const text = (id, key, placeholder) => h('input', { id, type: 'search', value: query[key] || '', placeholder });
  const ns = text('vuln-namespace', 'namespace', 'namespace');
  const pkg = text('vuln-package', 'package', 'package');
  const cve = text('vuln-cve', 'cve', 'CVE-…');
  const kev = h('input', { id: 'vuln-kev', type: 'checkbox', checked: query.kev === 'true' });
  const fix = h('input', { id: 'vuln-fix', type: 'checkbox', checked: query.fixAvailable === 'true' });
  const form = h('form', { class: 'filters', role: 'search', onsubmit: (e) => {
    e.preventDefault();
    navigate(path, { risk: [...risk.selectedOptions].map((o) => o.value), namespace: ns.value.trim(),
      package: pkg.value.trim(), cve: cve.value.trim(), kev: kev.checked ? 'true' : '', fixAvailable: fix.checked ? 'true' : '' });
  } },
  h('div', { class: 'field' }, h('label', { for: 'vuln-risk' }, 'Risk'), risk),
  h('div', { class: 'field' }, h('label', { for: 'vuln-namespace' }, 'Namespace'), ns),
  h('div', { class: 'field' }, h('label', { for: 'vuln-package' }, 'Package'), pkg),
  h('div', { class: 'field' }, h('label', { for: 'vuln-cve' }, 'CVE'), cve),
  h('div', { class: 'field' }, h('label', {}, kev, ' Exploited (KEV) only'), h('label', {}, fix, ' Fix available only')),
  h('div', { class: 'field' }, h('button', { type: 'submit', class: 'primary' }, 'Apply filters')));

  const tbody = h('tbody');
  for (const c of page.items) {
    const row = h('tr', { class: 'component', tabindex: '0', dataset: { component: c.id, finding: c.findingId ?? '' } },
      h('td', {}, riskBadge(c.risk), h('div', { class: 'muted score' }, `score ${c.score}`)),
      h('td', {}, h('strong', {}, c.packageName), ` ${c.version}`, h('div', { class: 'muted' }, c.ecosystem)),
      h('td', {}, h('span', { class: 'mono' }, c.image || ''), h('div', { class: 'muted' }, (c.workloads || []).join(', '))),
      h('td', {}, severityBadge(c.severity), ' ', c.kev ? h('span', { class: 'badge kev' }, 'KEV') : null,
        h('div', {}, h('code', {}, c.cves[0] || ''), c.cves.length > 1 ? h('span', { class: 'muted' }, ` +${c.cves.length - 1}`) : null)),
      h('td', {}, c.epss == null ? h('span', { class: 'muted' }, '—') : `${Math.round(c.epss * 100)}%`),
      h('td', {}, c.fixAvailable ? c.recommendedFix : h('span', { class: 'muted' }, 'no fix yet')),
      h('td', {}, c.owner || h('span', { class: 'muted' }, 'unassigned'), c.status ? h('div', { class: `status status-${c.status}` }, label(c.status)) : null),
      h('td', { class: 'explanation' }, c.explanation));
    const open = () => { if (c.findingId) openDetail(c.findingId, tab, ctx, () => navigate(path, query)); };
    row.addEventListener('click', open);
    row.addEventListener('keydown', (e) => { if (e.key === 'Enter') open(); });
    tbody.append(row);
  }
  if (!page.items.length) tbody.append(h('tr', {}, h('td', { colspan: 8, class: 'empty' }, 'No vulnerable component matches.')));
  const table = h('table', { class: 'components' }, h('thead', {}, h('tr', {},
    ['Risk', 'Component', 'Image · workloads', 'Vulnerabilities', 'EPSS', 'Fixed in', 'Owner', 'Why'].map((t) => h('th', { scope: 'col' }, t)))), tbody);
  const more = page.nextCursor ? h('button', { class: 'secondary', onclick: () => navigate(path, { ...query, cursor: page.nextCursor }) }, 'Next page') : null;
  return h('div', {}, form, h('div', { class: 'table-wrap' }, table), more);
}

async function images(base) {
  const list = await api(`${base}/images`);
  return h('div', { class: 'table-wrap' }, h('table', { class: 'images' },
    h('thead', {}, h('tr', {}, ['Image', 'Scan', 'Packages', 'Components', 'Workloads'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, list.map((i) => h('tr', { dataset: { status: i.status } },
      h('td', {}, h('span', { class: 'mono' }, i.reference), h('div', { class: 'muted mono' }, i.digest || 'no digest')),
      h('td', {}, h('span', { class: `pill scan-${i.status}` }, label(camel(i.status))), i.reason ? h('div', { class: 'muted reason' }, i.reason) : null,
        i.scannedAt ? h('div', { class: 'muted' }, time(i.scannedAt)) : null),
      h('td', { class: 'num' }, String(i.packageCount)),
      h('td', {}, i.components ? [String(i.components), ' ', riskBadge(i.topRisk)] : h('span', { class: 'muted' }, '0')),
      h('td', {}, i.workloads.join(', ')))))));
}

async function nodePools(base, tab, ctx) {
  const v = await api(`${base}/node-pools`);
  const compList = (list) => list.length ? h('ul', { class: 'node-components' }, list.map((c) => h('li', {},
    riskBadge(c.risk), ' ', h('strong', {}, c.packageName), ` ${c.version}: `, c.cves.join(', '),
    c.fixAvailable ? h('span', { class: 'muted' }, ` (fixed in ${c.recommendedFix})`) : null,
    c.findingId ? [' ', h('button', { class: 'link', onclick: () => openDetail(c.findingId, tab, ctx) }, 'details')] : null)))
    : h('p', { class: 'muted' }, 'No known vulnerability.');
  return h('div', { class: 'node-pools' },
    h('section', { class: 'card' }, h('h3', {}, `Control plane — Kubernetes ${v.kubernetesVersion || 'version unknown'}`), compList(v.controlPlane)),
    v.pools.map((p) => h('section', { class: 'card node-pool', dataset: { pool: p.id } },
      h('h3', {}, p.name), h('p', { class: 'muted' }, `${p.nodes.length} node(s): ${p.nodes.join(', ')} · kernel ${p.kernelVersion}`),
      compList(p.components),
      h('ul', { class: 'notes muted' }, p.notes.map((n) => h('li', {}, n))))));
}

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs = {}, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, val] of Object.entries(attrs)) el.setAttribute(k, String(val));
  if (text !== undefined) el.textContent = text;
  return el;
}

// One attack path as a left-to-right chain of boxes (entry, exploit, identity, target) joined by arrows.
function pathGraph(p) {
  const w = 230; const gap = 40; const boxH = 64;
  const width = p.steps.length * w + (p.steps.length - 1) * gap;
  const root = svg('svg', { class: 'attack-path', viewBox: `0 0 ${width} ${boxH + 10}`, width, height: boxH + 10,
    role: 'img', 'aria-label': `Attack path from ${p.workload} to ${p.targetDescription}` });
  const defs = svg('defs');
  const marker = svg('marker', { id: `arrow-${p.id}`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 8, markerHeight: 8, orient: 'auto' });
  marker.append(svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow-head' }));
  defs.append(marker);
  root.append(defs);
  p.steps.forEach((s, i) => {
    const x = i * (w + gap);
    const g = svg('g', { class: `step step-${s.kind}`, 'data-kind': s.kind });
    g.append(svg('title', {}, s.detail));
    g.append(svg('rect', { x, y: 5, width: w, height: boxH, rx: 6 }));
    g.append(svg('text', { x: x + 8, y: 24, class: 'step-kind' }, s.kind.toUpperCase()));
    const title = s.title.length > 34 ? `${s.title.slice(0, 33)}…` : s.title;
    g.append(svg('text', { x: x + 8, y: 46, class: 'step-title' }, title));
    root.append(g);
    if (i < p.steps.length - 1) {
      root.append(svg('line', { x1: x + w, y1: 5 + boxH / 2, x2: x + w + gap - 2, y2: 5 + boxH / 2, class: 'edge',
        'marker-end': `url(#arrow-${p.id})` }));
    }
  });
  return root;
}

async function attackPaths(base, tab, ctx) {
  const paths = await api(`${base}/attack-paths`);
  if (!paths.length) return h('p', { class: 'card empty' }, 'No attack path: no internet-exposed workload runs an exploitable vulnerability.');
  return h('div', { class: 'attack-paths' }, paths.map((p) => h('section', { class: 'card attack-path-card', dataset: { target: p.target, workload: p.workload } },
    h('div', { class: 'card-head' }, h('h3', {}, `${p.workload} → ${p.targetDescription}`), riskBadge(p.risk)),
    h('div', { class: 'graph-wrap' }, pathGraph(p)),
    h('ol', { class: 'steps' }, p.steps.map((s) => h('li', {}, h('strong', {}, label(s.kind)), ': ', s.detail))))));
}

// The detail panel's section for a vulnerability finding: the component's CVEs with fixed versions, EPSS and KEV,
// and the factors of its risk score. Filled when the component's detail arrives.
export function componentDetail(f, ctx) {
  const box = h('section', { class: 'component-detail' }, h('p', { class: 'muted' }, 'Loading vulnerabilities…'));
  api(`/api/v1/clusters/${encodeURIComponent(f.clusterId)}/vulnerabilities/components/${encodeURIComponent(f.key)}`)
    .then((d) => {
      box.replaceChildren(
        h('h4', {}, `Why this ranks ${d.component.risk} (score ${d.component.score})`),
        h('ul', { class: 'factors' }, d.factors.filter((x) => x.points !== 0 || x.code === 'count').map((x) =>
          h('li', {}, x.text, x.points ? h('span', { class: 'muted' }, ` (${x.points > 0 ? '+' : ''}${x.points})`) : null))),
        d.layerDigest ? h('p', { class: 'muted' }, 'Introduced by layer ', h('span', { class: 'mono' }, d.layerDigest)) : null,
        d.component.fixAvailable ? h('p', {}, `Upgrade to ${d.component.recommendedFix} to fix ${d.component.fixedByRecommended} of ${d.vulnerabilities.length}.`) : null,
        h('h4', {}, 'Vulnerabilities'),
        h('table', { class: 'cves' }, h('thead', {}, h('tr', {}, ['CVE', 'Severity', 'CVSS', 'EPSS', 'KEV', 'Fixed in'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, d.vulnerabilities.map((v) => h('tr', { dataset: { cve: v.id } },
            h('td', {}, h('code', {}, v.id), h('div', { class: 'muted' }, v.summary)),
            h('td', {}, severityBadge(v.severity)),
            h('td', {}, String(v.cvss), v.cvssVector ? h('div', { class: 'muted mono' }, v.cvssVector) : null),
            h('td', {}, v.epss == null ? '—' : `${(v.epss * 100).toFixed(1)}%`),
            h('td', {}, v.kev ? h('span', { class: 'badge kev' }, `KEV ${v.kevDateAdded}`) : 'no'),
            h('td', {}, v.fixedVersions.length ? v.fixedVersions.join(', ') : h('span', { class: 'muted' }, 'no fix yet')))))));
    })
    .catch((e) => box.replaceChildren(h('p', { class: 'muted' }, `The component is not in the current assessment (${e.message}).`)));
  return box;
}
