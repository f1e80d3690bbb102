import { api, h, me, may } from '/assets/api.js';
import { route, start } from '/assets/router.js';
import { overview } from '/assets/views/overview.js';
import { clusterView } from '/assets/views/cluster.js';
import { workspaceSettings, clusterSettings } from '/assets/views/settings.js';
import { usersView, tokensView } from '/assets/views/admin.js';
import { rulesView } from '/assets/views/rules.js';

const app = document.getElementById('app');

// Every view renders into <main>; a failure shows its message instead of a blank page. Views load their data
// asynchronously, so only the latest navigation may write: a slow overview that finishes after the user (or a link)
// already moved on to a tab must not replace the tab.
let navigation = 0;
function show(render) {
  return async (params, query) => {
    const mine = ++navigation;
    app.setAttribute('aria-busy', 'true');
    try {
      const node = await render(params, query);
      if (mine === navigation) app.replaceChildren(node);
    } catch (e) {
      if (mine === navigation) {
        app.replaceChildren(h('div', { class: 'card error', role: 'alert' }, e.message || String(e)));
      }
    } finally {
      if (mine === navigation) app.removeAttribute('aria-busy');
    }
  };
}

route('/', show(overview));
route('/workspaces/:id/settings', show(workspaceSettings));
route('/clusters/:id/settings', show(clusterSettings));
route('/clusters/:id/:tab?', show(clusterView));
route('/admin/users', show(usersView));
route('/admin/tokens', show(tokensView));
route('/rules/:id?', show(rulesView));

async function header() {
  const user = await me();
  const nav = document.getElementById('nav');
  nav.replaceChildren(
    h('a', { href: '#/' }, 'Overview'),
    h('a', { href: '#/rules' }, 'Rules'),
    may(user, 'manageUsers') ? h('a', { href: '#/admin/users' }, 'Users') : null,
    may(user, 'manageTokens') ? h('a', { href: '#/admin/tokens' }, 'Tokens') : null);
  document.getElementById('me').textContent = `${user.name} · ${user.role}`;
}

document.getElementById('logout').addEventListener('click', async () => {
  await api('/logout', { method: 'POST' }).catch(() => null);
  window.location.assign('/login');
});

header().catch(() => null);
start();
