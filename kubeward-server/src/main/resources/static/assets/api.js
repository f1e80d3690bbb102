// The dashboard's only way to data: the REST API under /api/v1, with the browser session. State-changing calls carry
// the CSRF token from the XSRF-TOKEN cookie in the X-XSRF-TOKEN header (double-submit), as the server requires.

export function csrfToken() {
  const m = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]+)/);
  return m ? decodeURIComponent(m[1]) : '';
}

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail || `request failed (${status})`);
    this.status = status;
  }
}

export async function api(path, { method = 'GET', body, raw = false } = {}) {
  const headers = { 'Accept': 'application/json' };
  if (method !== 'GET') headers['X-XSRF-TOKEN'] = csrfToken();
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, {
    method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 401) {
    window.location.assign('/login');
    throw new ApiError(401, 'signed out');
  }
  if (!res.ok) {
    let detail = '';
    try { detail = (await res.json()).detail; } catch (e) { /* not JSON */ }
    throw new ApiError(res.status, detail);
  }
  if (raw) return res;
  return res.status === 204 ? null : res.json();
}

// Builds DOM nodes. Text is always set as text, never parsed as HTML, so cluster data cannot inject markup.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'value') el.value = v;
    else if (k === 'checked') el.checked = !!v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

// Query string from an object; empty values and empty lists are left out, lists become comma-separated.
export function qs(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) { if (v.length) p.set(k, v.join(',')); } else p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

// A timestamp in the user's own time zone, with the exact UTC instant as a tooltip.
export function time(iso) {
  if (!iso) return h('span', { class: 'muted' }, '—');
  const d = new Date(iso);
  return h('time', { datetime: iso, title: d.toISOString() }, timeFormat.format(d));
}

// A calendar day (due dates have no time of day).
export function day(isoDate) {
  if (!isoDate) return h('span', { class: 'muted' }, '—');
  return h('time', { datetime: isoDate }, dayFormat.format(new Date(`${isoDate}T00:00:00Z`)));
}

let meCache;
// The signed-in user and what the role may do; the server checks every action anyway.
export async function me() {
  if (!meCache) meCache = api('/api/v1/me');
  return meCache;
}

export function may(user, action) {
  return (user.mayDo || []).includes(action);
}

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'informational', 'unknown'];
export const RISKS = ['critical', 'high', 'medium', 'low'];

export function label(s) {
  if (!s) return '';
  return s.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase());
}

export function severityBadge(severity) {
  if (!severity) return h('span', { class: 'muted' }, '—');
  return h('span', { class: `badge sev-${severity}` }, label(severity));
}

export function riskBadge(risk) {
  if (!risk) return h('span', { class: 'muted' }, '—');
  return h('span', { class: `badge sev-${risk}` }, `${label(risk)} risk`);
}
