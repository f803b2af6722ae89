// lib.mjs — helpers for Keel's black-box tests: a temporary workspace, the real
// binary serving it on a free loopback port, the CLI, the JSON API and a
// signed-in web session.
//
// Environment: KEEL_BIN (the keel executable; default build/src/keel) and
// KEEL_ROOT (the source tree; default two levels up from here). Set
// KEEL_KEEP_TMP=1 to keep the temporary directories for a look afterwards.
//
// Every server and CLI run is checked for sanitizer reports (ASan, UBSan,
// LeakSanitizer): a CLI run that prints one throws at once, and stop() throws
// when the server printed one while it ran or as it exited.
import nodeAssert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const KEEL_ROOT = path.resolve(process.env.KEEL_ROOT || path.join(here, '..', '..'));
export const KEEL_BIN = path.resolve(process.env.KEEL_BIN || path.join(KEEL_ROOT, 'build', 'src', 'keel'));
export const HOST = '127.0.0.1';

export const ROLES = ['viewer', 'contributor', 'pm', 'admin'];
export const PASSWORD = 'bb-correct-horse-7';
export const DEMO_PASSWORD = 'keel-demo-pass';
const NAMES = { viewer: 'Vera Viewer', contributor: 'Cora Contributor', pm: 'Pia Productowner', admin: 'Ada Admin' };

export const SANITIZER_RE = /ERROR: AddressSanitizer|runtime error:|LeakSanitizer|ERROR: UndefinedBehaviorSanitizer/;

// ---- counting assertions -------------------------------------------------

let checks = 0;
/** node:assert/strict, counting each call (see checkCount()). */
export const assert = new Proxy(nodeAssert, {
  get(target, prop) {
    const v = target[prop];
    if (typeof v !== 'function' || prop === 'AssertionError') return v;
    return (...args) => {
      checks++;
      return v.apply(target, args);
    };
  },
  apply(target, self, args) {
    checks++;
    return target(...args);
  },
});
export const checkCount = () => checks;

// ---- small helpers -------------------------------------------------------

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Decodes the HTML entities Keel writes (and numeric ones). */
export function htmlDecode(s) {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos|#39);/g, (m, e) => {
    if (e === 'amp') return '&';
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    if (e[1] === 'x' || e[1] === 'X') return String.fromCodePoint(parseInt(e.slice(2), 16));
    return String.fromCodePoint(parseInt(e.slice(1), 10));
  });
}

/** Asserts what every Keel response carries: CSP (with frame-ancestors), nosniff, Referrer-Policy. */
export function assertSecurityHeaders(res, what) {
  const h = res.headers;
  const csp = h.get('content-security-policy') || '';
  assert.match(csp, /default-src 'none'/, `${what}: Content-Security-Policy is ${JSON.stringify(csp)}`);
  assert.match(csp, /frame-ancestors 'none'/, `${what}: CSP lacks frame-ancestors: ${JSON.stringify(csp)}`);
  assert.equal(h.get('x-content-type-options'), 'nosniff', `${what}: X-Content-Type-Options`);
  assert.ok(h.get('referrer-policy'), `${what}: Referrer-Policy missing`);
}

/** Asserts a page looks like a whole HTML document. */
export function assertHtmlDocument(text, what) {
  assert.ok(/^<!doctype html>/i.test(text), `${what}: does not start with <!doctype html>: ${text.slice(0, 80)}`);
  assert.equal((text.match(/<\/html>/g) || []).length, 1, `${what}: expected exactly one </html>`);
  assert.equal((text.match(/<body[ >]/g) || []).length, 1, `${what}: expected exactly one <body>`);
}

function parseSetCookie(line) {
  const parts = line.split(';').map((p) => p.trim());
  const eq = parts[0].indexOf('=');
  const attrs = {};
  for (const p of parts.slice(1)) {
    const i = p.indexOf('=');
    attrs[(i < 0 ? p : p.slice(0, i)).toLowerCase()] = i < 0 ? true : p.slice(i + 1);
  }
  return { name: parts[0].slice(0, eq), value: parts[0].slice(eq + 1), attrs, raw: line };
}

/** The Set-Cookie lines of a response (Headers.getSetCookie where Node has it; Keel's cookies have no Expires, so
 * splitting the joined header at commas is safe otherwise). */
function setCookieLines(headers) {
  if (typeof headers.getSetCookie === 'function') return headers.getSetCookie();
  const joined = headers.get('set-cookie');
  return joined ? joined.split(/,\s*(?=[A-Za-z0-9_-]+=)/) : [];
}

async function readResponse(res) {
  const text = await res.text();
  let json;
  const ct = res.headers.get('content-type') || '';
  if (ct.startsWith('application/json')) {
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new Error(`response declared JSON but is not: ${e.message}: ${text.slice(0, 200)}`);
    }
  }
  return {
    status: res.status,
    headers: res.headers,
    text,
    json,
    location: res.headers.get('location'),
    etag: res.headers.get('etag'),
    setCookies: setCookieLines(res.headers).map(parseSetCookie),
  };
}

// ---- the workspace and its server ----------------------------------------

export class Keel {
  /**
   * Makes a temporary workspace and starts `keel serve` on it.
   * opts.users (default true): add one user per role (ROLES) with PASSWORD and an API token each.
   * opts.demo: load scripts/demo-data.sh instead (users *@keel.test, password DEMO_PASSWORD).
   * opts.serveArgs: more arguments for keel serve (['--trust-proxy', '127.0.0.1']).
   */
  static async start(opts = {}) {
    const k = new Keel();
    await k.init(opts);
    await k.serve(opts.serveArgs);
    return k;
  }

  constructor() {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-bb-'));
    this.db = path.join(this.dir, 'keel.db');
    this.users = {}; // role -> {email, name, password, token}
    this.serverStderr = '';
    this.serverStdout = '';
    this.proc = null;
    this.base = null;
  }

  async init({ users = true, demo = false } = {}) {
    // KEEL_BACKEND=postgresql runs the same tests on PostgreSQL: each
    // workspace gets a fresh database on the cluster at KEEL_TEST_PG (a base
    // URL from scripts/pg-cluster, which scripts/test starts).
    if (process.env.KEEL_BACKEND === 'postgresql') {
      if (!process.env.KEEL_TEST_PG)
        throw new Error('KEEL_BACKEND=postgresql needs KEEL_TEST_PG (start a cluster with scripts/pg-cluster)');
      const name = `keel_${path.basename(this.dir).replace(/[^a-zA-Z0-9]/g, '_').toLowerCase()}`;
      const r = await run('psql', [`${process.env.KEEL_TEST_PG}/postgres`, '-v', 'ON_ERROR_STOP=1', '-q', '-c',
                                   `CREATE DATABASE "${name}"`]);
      if (r.code !== 0) throw new Error(`creating database ${name} failed: ${r.stderr}`);
      this.db = `${process.env.KEEL_TEST_PG}/${name}`;
    }
    if (demo) {
      const r = await run('bash', [path.join(KEEL_ROOT, 'scripts', 'demo-data.sh'), this.db, KEEL_BIN]);
      if (r.code !== 0 || SANITIZER_RE.test(r.stderr))
        throw new Error(`demo-data.sh failed (exit ${r.code}):\n${r.stderr}`);
      return;
    }
    const r = await this.cli(['init']);
    if (r.code !== 0) throw new Error(`keel init failed: ${r.stderr}`);
    if (users) {
      await Promise.all(ROLES.map((role) => this.addUser(role, `${role}@keel.test`, NAMES[role])));
      for (const role of ROLES) this.users[role].token = await this.token(this.users[role].email);
    }
  }

  /** Adds a user through the CLI; returns {email, name, password, role}. */
  async addUser(role, email, name, password = PASSWORD) {
    const r = await this.cli(['user', 'add', email, '--name', name, '--role', role], { input: password + '\n' });
    if (r.code !== 0) throw new Error(`user add ${email} failed (${r.code}): ${r.stderr}`);
    const u = { role, email, name, password };
    if (!this.users[role]) this.users[role] = u;
    return u;
  }

  /** Creates an API token for email through the CLI and returns it. */
  async token(email) {
    const r = await this.cli(['token', 'create', email]);
    if (r.code !== 0) throw new Error(`token create ${email} failed: ${r.stderr}`);
    const t = r.stdout.trim();
    if (!/^kt_\S+$/.test(t)) throw new Error(`token create printed ${JSON.stringify(r.stdout)}`);
    return t;
  }

  /** Runs keel --db DB [--user U] ARGS; resolves {code, stdout, stderr}. Throws on a sanitizer report. */
  async cli(args, { user, input, json } = {}) {
    const full = ['--db', this.db];
    if (user) full.push('--user', user);
    if (json) full.push('--json');
    full.push(...args);
    const r = await run(KEEL_BIN, full, input);
    if (SANITIZER_RE.test(r.stderr))
      throw new Error(`sanitizer report from keel ${args.join(' ')}:\n${r.stderr}`);
    return r;
  }

  /** Runs a CLI command that must succeed with --json; returns the parsed output. */
  async cliJson(args, opts = {}) {
    const r = await this.cli(args, { ...opts, json: true });
    if (r.code !== 0) throw new Error(`keel ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
    return JSON.parse(r.stdout);
  }

  async serve(extraArgs = []) {
    const proc = spawn(KEEL_BIN, ['--db', this.db, 'serve', '--listen', `${HOST}:0`, ...extraArgs], {
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.proc = proc;
    // Never leave a server behind, even when the test runner is killed.
    const reap = () => proc.exitCode === null && proc.signalCode === null && proc.kill('SIGKILL');
    process.once('exit', reap);
    proc.once('exit', () => process.removeListener('exit', reap));
    proc.stderr.setEncoding('utf8');
    proc.stdout.setEncoding('utf8');
    proc.stderr.on('data', (d) => (this.serverStderr += d));
    this.exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
    const port = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`keel serve did not start in 30 s:\n${this.serverStderr}`)), 30000);
      proc.stdout.on('data', (d) => {
        this.serverStdout += d;
        const m = this.serverStdout.match(/keel is serving .* on http:\/\/127\.0\.0\.1:(\d+)\//);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      proc.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`keel serve exited (${code}) before listening:\n${this.serverStderr}`));
      });
    });
    this.port = port;
    this.base = `http://${HOST}:${port}`;
    for (let i = 0; ; i++) {
      try {
        const res = await fetch(this.base + '/healthz');
        const body = await res.text();
        if (res.status === 200 && body.trim() === 'ok') break;
      } catch {
        /* not yet */
      }
      if (i > 100) throw new Error(`/healthz never answered ok:\n${this.serverStderr}`);
      await sleep(100);
    }
  }

  /** Stops the server (SIGTERM) and throws if it crashed or printed a sanitizer report. */
  async stop() {
    if (!this.proc) { // a workspace used through the CLI only, or a server already stopped
      if (!process.env.KEEL_KEEP_TMP) fs.rmSync(this.dir, { recursive: true, force: true });
      return;
    }
    const proc = this.proc;
    this.proc = null;
    let st;
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill('SIGTERM');
      let timer;
      const deadline = new Promise((r) => { timer = setTimeout(() => r(null), 20000); });
      st = await Promise.race([this.exited, deadline]);
      clearTimeout(timer); /* or the process lingers 20 s after the last test */
      if (!st) {
        proc.kill('SIGKILL');
        await this.exited;
        throw new Error(`keel serve did not stop within 20 s of SIGTERM:\n${this.serverStderr}`);
      }
    } else {
      st = await this.exited;
      throw new Error(`keel serve died during the tests (${JSON.stringify(st)}):\n${this.serverStderr}`);
    }
    if (SANITIZER_RE.test(this.serverStderr))
      throw new Error(`sanitizer report from keel serve:\n${this.serverStderr}`);
    if (st.code !== 0) throw new Error(`keel serve exited with ${JSON.stringify(st)}:\n${this.serverStderr}`);
    if (!process.env.KEEL_KEEP_TMP) fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** An HTTP request to the server. body: object (sent as JSON) or string (sent as is). */
  async api(method, p, { token, body, ifMatch, headers = {} } = {}) {
    if (!p.startsWith('/')) throw new Error(`api(): path must start with /: ${p}`);
    const h = { ...headers };
    if (token) h.Authorization = `Bearer ${token}`;
    if (ifMatch !== undefined) h['If-Match'] = typeof ifMatch === 'number' ? `"${ifMatch}"` : ifMatch;
    let payload;
    if (body !== undefined) {
      payload = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
      if (!Object.keys(h).some((x) => x.toLowerCase() === 'content-type')) h['Content-Type'] = 'application/json';
    }
    const res = await fetch(this.base + p, { method, headers: h, body: payload, redirect: 'manual' });
    return readResponse(res);
  }

  /** A signed-in web session for email (see Web.login). */
  async session(email, password) {
    const w = new Web(this);
    const r = await w.login(email, password);
    if (r.status !== 303) throw new Error(`sign-in as ${email} failed with ${r.status}: ${r.text.slice(0, 300)}`);
    return w;
  }

  /** Number of audit entries (keel log --json --limit 500). */
  async auditCount() {
    const out = await this.cliJson(['log', '--limit', '500']);
    if (out.next !== null) throw new Error('more than 500 audit entries: the count would be wrong');
    return out.items.length;
  }
}

/** A browser-like client: keeps cookies, knows the session's CSRF token. */
export class Web {
  /** headers: sent with every request (say, X-Forwarded-For as a proxy would). */
  constructor(keel, { headers = {} } = {}) {
    this.k = keel;
    this.cookies = new Map();
    this.csrf = null;
    this.lastSetCookies = [];
    this.headers = headers;
  }

  cookieHeader() {
    return [...this.cookies].map(([n, v]) => `${n}=${v}`).join('; ');
  }

  absorb(r) {
    this.lastSetCookies = r.setCookies;
    for (const c of r.setCookies) {
      if (c.value === '' || c.attrs['max-age'] === '0') this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
  }

  /** A request with this client's cookies; no redirects are followed. */
  async request(method, p, { form, body, headers = {} } = {}) {
    if (!p.startsWith('/')) throw new Error(`request(): path must start with /: ${p}`);
    const h = { ...this.headers, ...headers };
    if (this.cookies.size) h.Cookie = this.cookieHeader();
    let payload = body;
    if (form) {
      payload = new URLSearchParams(form).toString();
      h['Content-Type'] = 'application/x-www-form-urlencoded';
    }
    const res = await fetch(this.k.base + p, { method, headers: h, body: payload, redirect: 'manual' });
    const r = await readResponse(res);
    this.absorb(r);
    return r;
  }

  get(p) {
    return this.request('GET', p);
  }

  /** POSTs a form, adding _csrf (this session's token) unless form has one or csrf is null. */
  post(p, form = {}, { csrf = this.csrf } = {}) {
    const f = { ...form };
    if (csrf !== null && csrf !== undefined && !('_csrf' in f)) f._csrf = csrf;
    return this.request('POST', p, { form: f });
  }

  /** Signs in through the form (GET /login, POST /login); on success reads the CSRF token. */
  async login(email, password, next = '/backlog') {
    const form = await this.get('/login');
    if (form.status !== 200) throw new Error(`GET /login gave ${form.status}`);
    const m = form.text.match(/name="login_csrf" value="([^"]*)"/);
    if (!m) throw new Error('the sign-in form has no login_csrf field');
    const r = await this.request('POST', '/login', {
      form: { login_csrf: htmlDecode(m[1]), email, password, next },
    });
    if (r.status === 303) await this.refreshCsrf();
    return r;
  }

  /** Reads the CSRF token from a page's <meta name="csrf-token">. */
  async refreshCsrf(p = '/account') {
    const r = await this.get(p);
    const m = r.text.match(/<meta name="csrf-token" content="([^"]*)">/);
    this.csrf = m ? htmlDecode(m[1]) : null;
    return this.csrf;
  }

  /** Sends JSON to the API with the session cookie (and X-CSRF-Token unless csrf is null). */
  async api(method, p, { body, ifMatch, csrf = this.csrf, headers = {} } = {}) {
    const h = { ...headers };
    if (csrf !== null && csrf !== undefined) h['X-CSRF-Token'] = csrf;
    if (ifMatch !== undefined) h['If-Match'] = typeof ifMatch === 'number' ? `"${ifMatch}"` : ifMatch;
    let payload;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      h['Content-Type'] = 'application/json';
    }
    return this.request(method, p, { body: payload, headers: h });
  }
}

// ---- processes -------------------------------------------------------------

function cleanEnv() {
  const env = { ...process.env };
  delete env.KEEL_DB;
  delete env.KEEL_USER;
  return env;
}

/** Runs a program; resolves {code, stdout, stderr}. */
export function run(cmd, args, input) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { env: cleanEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.setEncoding('utf8');
    p.stderr.setEncoding('utf8');
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('error', reject);
    p.on('close', (code, signal) => resolve({ code: code === null ? `signal ${signal}` : code, stdout, stderr }));
    p.stdin.on('error', () => {}); // the program may exit without reading its input
    if (input !== undefined) p.stdin.end(input);
    else p.stdin.end();
  });
}
