// api.js - the JSON API client (docs/api.md).
//
// Authentication is the HttpOnly session cookie set by /api/login and
// /api/register (same origin, SameSite=Strict); the token in their body is
// not kept by the page.  Every error answer {"error": {code, message}}
// becomes an ApiError.  Not here: rendering, routing.

export class ApiError extends Error {
  constructor(status, code, message, retryAfter) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

const listeners = new Set();
/** fn(err) is called on every 401 (the session ended). */
export function onUnauthenticated(fn) {
  listeners.add(fn);
}

async function parse(res) {
  if (res.status === 204) return null;
  const type = res.headers.get('content-type') || '';
  if (type.includes('application/json')) return res.json();
  return res.text();
}

/** Sends one request; resolves to the parsed body or throws ApiError. */
export async function request(method, path, body) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, 'network', `The server could not be reached (${e.message}).`);
  }
  const data = await parse(res).catch(() => null);
  if (res.ok) return data;
  const e = data && data.error ? data.error : {};
  const retry = res.headers.get('Retry-After');
  let msg = e.message || `${method} ${path} failed with HTTP ${res.status}`;
  if (res.status === 429 && retry) msg += ` Try again in ${retry} s.`;
  const err = new ApiError(res.status, e.code || 'http_' + res.status, msg, retry);
  if (res.status === 401 && !path.startsWith('/api/login')) listeners.forEach((fn) => fn(err));
  throw err;
}

export const get = (path) => request('GET', path);
export const post = (path, body) => request('POST', path, body === undefined ? {} : body);

const enc = encodeURIComponent;

export const api = {
  register: (username, password) => post('/api/register', { username, password }),
  login: (username, password) => post('/api/login', { username, password }),
  logout: () => post('/api/logout'),
  me: () => get('/api/me'),
  course: () => get('/api/course'),
  problems: (topic) => get('/api/problems' + (topic ? `?topic=${enc(topic)}` : '')),
  problem: (id) => get(`/api/problems/${enc(id)}`),
  state: (l) => get(`/api/learners/${enc(l)}/state`),
  roadmap: (l) => get(`/api/learners/${enc(l)}/roadmap`),
  next: (l) => get(`/api/learners/${enc(l)}/next`),
  session: (l) => post(`/api/learners/${enc(l)}/sessions`),
  submit: (l, item, lang, code) => post(`/api/learners/${enc(l)}/submissions`, { item, lang, code }),
  submission: (sid) => get(`/api/submissions/${enc(sid)}`),
  hint: (l, item) => post(`/api/learners/${enc(l)}/hints`, { item }),
  reviews: (l) => get(`/api/learners/${enc(l)}/reviews`),
  history: (l, limit) => get(`/api/learners/${enc(l)}/history?limit=${limit || 50}`),
  trajectory: (l) => get(`/api/learners/${enc(l)}/trajectory`),
  ask: (l, question, item) => post(`/api/learners/${enc(l)}/ask`, item ? { question, item } : { question }),
  goals: (l, text) => post(`/api/learners/${enc(l)}/goals`, { text }),
  cohorts: () => get('/api/cohorts'),
  cohortCreate: (name) => post('/api/cohorts', { name }),
  cohortJoin: (code) => post('/api/cohorts/join', { code }),
  cohort: (cid) => get(`/api/cohorts/${enc(cid)}`),
  plans: (l) => get(`/api/learners/${enc(l)}/plans`),
  plan: (l, pid) => get(`/api/learners/${enc(l)}/plans/${enc(pid)}`),
  planCreate: (l, body) => post(`/api/learners/${enc(l)}/plans`, body),
  planTurn: (l, pid, body) => post(`/api/learners/${enc(l)}/plans/${enc(pid)}/turn`, body),
  planAbandon: (l, pid) => post(`/api/learners/${enc(l)}/plans/${enc(pid)}/abandon`),
};

/** The result object of a submission event or answer (either the
 *  submission {status, result} or the bare result). */
export function resultOf(data) {
  if (!data || typeof data !== 'object') return null;
  if (data.result && typeof data.result === 'object') return data.result;
  if ('verdict' in data && 'cases' in data) return data;
  return null;
}

/**
 * Follows submission sid until it is done: server-sent events first,
 * polling GET /api/submissions/:sid when the stream fails.  onStatus(s)
 * is called with each status; resolves to the final submission
 * {status, result?, error?}.  Gives up after timeoutMs.
 */
export function followSubmission(sid, onStatus, timeoutMs = 120000) {
  return new Promise((resolve, reject) => {
    let done = false;
    let es = null;
    const started = Date.now();
    const finish = (fn, v) => {
      if (done) return;
      done = true;
      if (es) es.close();
      fn(v);
    };
    const poll = async () => {
      while (!done) {
        if (Date.now() - started > timeoutMs) {
          finish(reject, new ApiError(0, 'timeout', 'The judge did not answer in time.'));
          return;
        }
        try {
          const s = await api.submission(sid);
          onStatus(s.status);
          if (s.status === 'done' || s.status === 'error') {
            finish(resolve, s);
            return;
          }
        } catch (e) {
          finish(reject, e);
          return;
        }
        await new Promise((r) => setTimeout(r, 500));
      }
    };
    if (typeof EventSource === 'undefined') {
      poll();
      return;
    }
    es = new EventSource(`/api/submissions/${encodeURIComponent(sid)}/events`);
    es.addEventListener('status', (ev) => {
      let st = ev.data;
      try {
        const d = JSON.parse(ev.data);
        st = typeof d === 'string' ? d : d.status;
        const r = resultOf(d);
        if (r && (d.status === 'done' || !d.status)) finish(resolve, { status: 'done', result: r });
        else if (d.status === 'error') finish(resolve, d);
      } catch (_) {
        /* plain-text status */
      }
      if (!done && st) onStatus(st);
    });
    es.addEventListener('result', (ev) => {
      try {
        const d = JSON.parse(ev.data);
        if (d && d.status === 'error') finish(resolve, d);
        else finish(resolve, { status: 'done', result: resultOf(d) || d });
      } catch (e) {
        es.close();
        es = null;
        poll();
      }
    });
    es.onerror = () => {
      if (done) return;
      es.close();
      es = null;
      poll();
    };
  });
}
