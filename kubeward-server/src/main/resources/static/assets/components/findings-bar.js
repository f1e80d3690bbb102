import { h, label } from '/assets/api.js';

const ORDER = ['alert', 'vulnerability', 'misconfiguration', 'compliance'];
const NOTHING_OPEN = { alert: 'No active alerts', vulnerability: 'No vulnerable components', misconfiguration: 'No misconfigurations', compliance: 'No failing controls' };
const TAB_OF = { alert: 'alerts', vulnerability: 'vulnerabilities', misconfiguration: 'misconfigurations', compliance: 'compliance' };

// The findings bar: one tile per kind with its headline ("3 High alerts") and the counts behind it. Each tile links
// to its tab, filtered to the headline's level.
export function findingsBar(bar, clusterId) {
  const byKind = Object.fromEntries((bar.kinds || []).map((k) => [k.kind, k]));
  return h('nav', { class: 'findings-bar', 'aria-label': 'Findings bar' },
    ORDER.map((kind) => tile(byKind[kind], kind, clusterId)));
}

function tile(k, kind, clusterId) {
  const tab = TAB_OF[kind];
  if (!k) return h('div', { class: 'tile' }, h('div', { class: 'tile-title' }, label(tab)));
  const filter = k.headline ? `${k.headline.basis === 'risk' ? 'risk' : 'severity'}=${k.headline.level}` : '';
  const target = clusterId ? `#/clusters/${encodeURIComponent(clusterId)}/${tab}${filter ? `?${filter}` : ''}` : null;
  const counts = Object.entries(k.bySeverity || {}).filter(([, n]) => n > 0)
    .map(([sev, n]) => h('span', { class: `chip sev-${sev}`, title: `${n} ${label(sev)}` }, `${n} ${label(sev)}`));
  const body = [
    h('div', { class: 'tile-title' }, k.label),
    h('div', { class: `tile-headline ${k.headline ? `sev-text-${k.headline.level}` : ''}` },
      k.headline ? k.headline.text : NOTHING_OPEN[kind]),
    h('div', { class: 'chips' }, counts),
    h('div', { class: 'tile-foot muted' },
      `${k.open} open`, k.overdue ? ` · ${k.overdue} overdue` : '', k.exempted ? ` · ${k.exempted} exempted` : ''),
  ];
  return target ? h('a', { class: 'tile', href: target, 'data-kind': kind }, body) : h('div', { class: 'tile', 'data-kind': kind }, body);
}
