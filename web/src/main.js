// main.js - the tutor web UI: session, navigation and the hash router.
//
// One page app over docs/api.md.  Routes are URL hashes (#/problem/ID), so
// the server only serves index.html and /assets.  After every route change
// the page's h1 takes focus (not on the first load, so the skip link is
// the first Tab stop) and the document title follows, so keyboard
// and screen-reader users land on the new content.  Pages live in pages/;
// each is an async function (app, params) that fills app.main.

import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { h, replace, errorBox } from './dom.js';
import { api, onUnauthenticated } from './api.js';
import { authPage } from './pages/auth.js';
import { homePage } from './pages/home.js';
import { roadmapPage, topicPage } from './pages/roadmap.js';
import { problemPage } from './pages/problem.js';
import { progressPage } from './pages/progress.js';
import { reviewsPage } from './pages/reviews.js';
import { askPage } from './pages/ask.js';
import { plansPage, planPage } from './pages/plan.js';
import { cohortsPage, cohortPage, joinPage } from './pages/cohorts.js';

const ROUTES = [
  [/^\/login$/, authPage, { anon: true, mode: 'login' }],
  [/^\/register$/, authPage, { anon: true, mode: 'register' }],
  [/^\/$/, homePage, {}],
  [/^\/roadmap(?:\/([^/]+))?$/, roadmapPage, {}],
  [/^\/topic\/([^/]+)$/, topicPage, {}],
  [/^\/problem\/([^/]+)$/, problemPage, { role: 'learner' }],
  [/^\/progress(?:\/([^/]+))?$/, progressPage, {}],
  [/^\/reviews(?:\/([^/]+))?$/, reviewsPage, {}],
  [/^\/ask$/, askPage, { role: 'learner' }],
  [/^\/plans$/, plansPage, { role: 'learner' }],
  [/^\/plans\/([^/]+)$/, planPage, { role: 'learner' }],
  [/^\/join$/, joinPage, { role: 'learner' }],
  [/^\/cohorts$/, cohortsPage, { role: 'instructor' }],
  [/^\/cohorts\/([^/]+)$/, cohortPage, { role: 'instructor' }],
];

const app = {
  me: null, // {account: {username, role, learner}, cohorts}
  main: null,
  nav: null,
  course: null,
  problems: null, // [{id, title, ...}] cached
  go(path) {
    if (location.hash === `#${path}`) route();
    else location.hash = path;
  },
  get learner() {
    return this.me && this.me.account ? this.me.account.learner : null;
  },
  get role() {
    return this.me && this.me.account ? this.me.account.role : null;
  },
  async refreshMe() {
    this.me = await api.me();
    renderNav();
    return this.me;
  },
  async loadCourse() {
    if (!this.course) this.course = await api.course();
    return this.course;
  },
  async loadProblems() {
    if (!this.problems) this.problems = await api.problems();
    return this.problems;
  },
  topicTitle(id) {
    const t = this.course && (this.course.topics || []).find((x) => x.id === id);
    return t ? t.title : id;
  },
  /** Sets the page heading and title; returns the h1. */
  heading(text) {
    document.title = `${text} · tutor`;
    return h('h1', { tabindex: '-1', id: 'page-title' }, text);
  },
  signedOut() {
    this.me = null;
    this.course = null;
    this.problems = null;
    sessionStorage.removeItem('tutor.sessionStarted');
    renderNav();
  },
};

function navLink(href, text) {
  const current = location.hash === `#${href}` || (href !== '/' && location.hash.startsWith(`#${href}/`));
  return h('li', {}, h('a', { href: `#${href}`, 'aria-current': current ? 'page' : false }, text));
}

function renderNav() {
  const a = app.me && app.me.account;
  if (!a) {
    replace(app.nav, h('ul', {}, navLink('/login', 'Log in'), navLink('/register', 'Register')));
    return;
  }
  const links =
    a.role === 'instructor'
      ? [navLink('/', 'Home'), navLink('/cohorts', 'Cohorts')]
      : [navLink('/', 'Home'), navLink('/roadmap', 'Roadmap'), navLink('/reviews', 'Reviews'), navLink('/progress', 'Progress'), navLink('/plans', 'Study plan'), navLink('/ask', 'Ask the tutor')];
  const logout = h(
    'button',
    {
      type: 'button',
      class: 'link',
      on: {
        click: async () => {
          try {
            await api.logout();
          } catch (_) {
            /* the session may already be gone */
          }
          app.signedOut();
          app.go('/login');
        },
      },
    },
    'Log out',
  );
  replace(app.nav, h('ul', {}, links, h('li', { class: 'who' }, h('span', { class: 'muted' }, `${a.username} (${a.role})`), ' ', logout)));
}

let routeSeq = 0;

async function route() {
  // In-page anchors (#main) are not routes.
  if (location.hash && !location.hash.startsWith('#/')) return;
  const seq = ++routeSeq;
  const path = (location.hash || '#/').slice(1) || '/';
  const found = ROUTES.map(([re, page, opt]) => [re.exec(path), page, opt]).find(([m]) => m);
  renderNav();
  if (!found) {
    replace(app.main, app.heading('Not found'), h('p', {}, 'There is no such page. '), h('a', { href: '#/' }, 'Go home'));
    focusTitle();
    return;
  }
  const [m, page, opt] = found;
  if (!opt.anon && !app.me) {
    try {
      await app.refreshMe();
    } catch (_) {
      app.go('/login');
      return;
    }
  }
  if (opt.role && app.role !== opt.role) {
    app.go('/');
    return;
  }
  replace(app.main, h('p', { class: 'muted', role: 'status' }, 'Loading…'));
  try {
    await page(app, { ...opt, args: m.slice(1).map((x) => (x === undefined ? x : decodeURIComponent(x))) });
  } catch (e) {
    if (seq !== routeSeq) return;
    replace(app.main, app.heading('Something went wrong'), errorBox(e), h('p', {}, h('a', { href: '#/' }, 'Go home')));
  }
  if (seq === routeSeq) focusTitle();
}

let firstRoute = true;

// Not on the first page load: the skip link stays the first Tab stop.
function focusTitle() {
  if (firstRoute) {
    firstRoute = false;
    return;
  }
  const t = document.getElementById('page-title');
  if (t) t.focus({ preventScroll: false });
}

function boot() {
  app.main = document.getElementById('main');
  app.nav = document.getElementById('nav');
  onUnauthenticated(() => {
    if (!app.me) return;
    app.signedOut();
    app.go('/login');
  });
  document.querySelector('.skip').addEventListener('click', (ev) => {
    ev.preventDefault();
    app.main.focus();
  });
  window.addEventListener('hashchange', route);
  route();
}

boot();
