// Hash routes: #/clusters/abc/misconfigurations?severity=high. The query part holds a list's filters, so a filtered
// view can be bookmarked, shared and reached with the back button.

const routes = [];

// pattern: '/clusters/:id/:tab?' — ':name' matches one segment, a trailing '?' makes the last one optional.
export function route(pattern, handler) {
  routes.push({ segments: pattern.split('/').filter(Boolean), handler });
}

function match(segments, parts) {
  const params = {};
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    const optional = seg.endsWith('?');
    const name = seg.replace(/^:/, '').replace(/\?$/, '');
    if (i >= parts.length) {
      if (optional) continue;
      return null;
    }
    if (seg.startsWith(':')) params[name] = decodeURIComponent(parts[i]);
    else if (seg !== parts[i]) return null;
  }
  return parts.length <= segments.length ? params : null;
}

export function current() {
  const hash = window.location.hash.replace(/^#/, '') || '/';
  const [path, query = ''] = hash.split('?');
  return { path, query: Object.fromEntries(new URLSearchParams(query)) };
}

export function href(path, query) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query || {})) {
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && !v.length)) continue;
    p.set(k, Array.isArray(v) ? v.join(',') : v);
  }
  const s = p.toString();
  return `#${path}${s ? `?${s}` : ''}`;
}

export function navigate(path, query) {
  const target = href(path, query);
  if (window.location.hash === target) dispatch();
  else window.location.hash = target;
}

export function dispatch() {
  const { path, query } = current();
  const parts = path.split('/').filter(Boolean);
  for (const r of routes) {
    const params = match(r.segments, parts);
    if (params) return r.handler(params, query);
  }
  return routes[0].handler({}, {});
}

export function start() {
  window.addEventListener('hashchange', dispatch);
  dispatch();
}
