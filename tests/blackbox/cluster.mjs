// cluster.mjs — several `keel serve` nodes on one PostgreSQL database behind
// nginx, for the black-box tests of running more than one node
// (nodes.test.mjs) and of the database going away (outage.test.mjs).
//
// Cluster.start() makes a temporary directory and starts, inside it:
//   - its own PostgreSQL cluster (scripts/pg-cluster), so a test may stop and
//     start PostgreSQL without disturbing any other test; one database "keel";
//   - a workspace on it: `keel init`, one user per role (lib.mjs ROLES, password
//     PASSWORD, an API token each) and, on request, more contributors;
//   - N `keel serve --listen 127.0.0.1:0 --trust-proxy 127.0.0.1` nodes
//     (lib.mjs Keel objects sharing the database URL), as docs/deploy.md runs
//     them behind nginx;
//   - on request, nginx as a process of its own (`nginx -p DIR -c DIR/nginx.conf
//     -g 'daemon off;'`) balancing round robin over the nodes, its config made
//     from docs/nginx-keel.conf (see nginxConfig), so the documented config is
//     the one tested.
// stop() takes it all down again and removes the directory; it also runs when
// the process exits or is told to stop, so a failed test leaves no PostgreSQL
// or nginx behind.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { HOST, Keel, KEEL_ROOT, PASSWORD, ROLES, run, SANITIZER_RE, Web } from './lib.mjs';

export const PG_CLUSTER = path.join(KEEL_ROOT, 'scripts', 'pg-cluster');
export const NGINX_BIN = process.env.NGINX_BIN || '/usr/sbin/nginx';
export const NGINX_TEMPLATE = path.join(KEEL_ROOT, 'docs', 'nginx-keel.conf');
const NAMES = { viewer: 'Vera Viewer', contributor: 'Cora Contributor', pm: 'Pia Productowner', admin: 'Ada Admin' };

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A free TCP port on 127.0.0.1 (free when asked; the caller binds it soon after). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, HOST, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * The nginx config for this cluster, made from docs/nginx-keel.conf by
 * replacing each line tagged "# placeholder: NAME" (and only those):
 *   dir     nginx's directory (pid, logs, temp paths go there)
 *   listen  port nginx listens on (127.0.0.1)
 *   nodes   ports of the keel nodes (127.0.0.1)
 *   user    the `user` line: 'nobody nogroup' (as root) or null (no line: not root)
 * Throws when the template lacks a placeholder, so the docs and the test cannot drift apart.
 */
export function nginxConfig({ dir, listen, nodes, user }) {
  const template = fs.readFileSync(NGINX_TEMPLATE, 'utf8');
  const seen = new Set();
  const out = [];
  for (const line of template.split('\n')) {
    const m = line.match(/^(\s*)(\S.*?)\s*#\s*placeholder:\s*(\w+)\s*$/);
    if (!m) {
      out.push(line);
      continue;
    }
    const [, indent, , name] = m;
    const first = !seen.has(name);
    seen.add(name);
    const put = (s) => out.push(indent + s);
    switch (name) {
      case 'user':
        if (user) put(`user ${user};`);
        break;
      case 'pid':
        put(`pid ${dir}/nginx.pid;`);
        break;
      case 'error_log':
        put(`error_log ${dir}/error.log warn;`);
        break;
      case 'access_log':
        put(`access_log ${dir}/access.log keel;`);
        break;
      case 'temp': {
        // One line per temp path in the template: keep the directive, move the path.
        const d = line.trim().split(/\s+/)[0];
        put(`${d} ${dir}/tmp/${d.replace(/_temp_path$/, '')};`);
        break;
      }
      case 'node':
        if (first) for (const p of nodes) put(`server ${HOST}:${p};`);
        break;
      case 'listen':
        put(`listen ${HOST}:${listen};`);
        break;
      default:
        throw new Error(`${NGINX_TEMPLATE}: unknown placeholder ${name}`);
    }
  }
  for (const name of ['user', 'pid', 'error_log', 'access_log', 'temp', 'node', 'listen'])
    if (!seen.has(name)) throw new Error(`${NGINX_TEMPLATE}: no line tagged "# placeholder: ${name}"`);
  return out.join('\n');
}

/** An HTTP endpoint that is not a node of its own (nginx): the same api()/session() as a Keel node. */
export class Endpoint {
  constructor(base, name) {
    this.base = base;
    this.name = name;
  }
}
Endpoint.prototype.api = Keel.prototype.api;
Endpoint.prototype.session = Keel.prototype.session;

/**
 * A client of one node over exactly one kept-alive connection. A connection
 * stays with one of the node's worker threads, and each worker has its own
 * response cache, so two GETs in a row through a Pinned client meet the same
 * cache: what it answers from its cache can be checked exactly.
 */
export class Pinned {
  constructor(endpoint) {
    this.endpoint = endpoint;
    this.name = `${endpoint.name} (one connection)`;
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  }

  /** GET p with a bearer token; resolves {status, headers: {get(name)}, text, json, socket} (socket: the local port). */
  get(p, { token } = {}) {
    const url = new URL(this.endpoint.base + p);
    return new Promise((resolve, reject) => {
      const req = http.request(
        { agent: this.agent, host: url.hostname, port: url.port, path: url.pathname + url.search, method: 'GET',
          headers: token ? { Authorization: `Bearer ${token}` } : {} },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d) => (text += d));
          res.on('end', () => {
            const ct = res.headers['content-type'] || '';
            resolve({
              status: res.statusCode,
              headers: { get: (n) => res.headers[n.toLowerCase()] ?? null },
              text,
              json: ct.startsWith('application/json') ? JSON.parse(text) : undefined,
              socket: res.socket?.localPort,
            });
          });
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  close() {
    this.agent.destroy();
  }
}

/** Makes a Web client for endpoint that shares cookies and CSRF token with web (the same browser, another address). */
export function sameBrowser(web, endpoint) {
  const w = new Web(endpoint);
  w.cookies = web.cookies; // one Map: what one learns, the other sends
  w.csrf = web.csrf;
  return w;
}

/**
 * Stops a node started by Keel.serve (SIGTERM) and throws when it crashed, did not stop, exited
 * non-zero or printed a sanitizer report: Keel.stop's checks, with a timer that does not keep
 * the test process alive for its full 20 s after the node has stopped.
 */
export async function stopNode(k) {
  if (!k.proc) return;
  const proc = k.proc;
  k.proc = null;
  if (proc.exitCode !== null || proc.signalCode !== null)
    throw new Error(`keel serve (${k.name}) died during the tests (${JSON.stringify(await k.exited)}):\n${k.serverStderr}`);
  proc.kill('SIGTERM');
  let timer;
  const st = await Promise.race([k.exited, new Promise((r) => (timer = setTimeout(r, 20000, null)))]);
  clearTimeout(timer);
  if (!st) {
    proc.kill('SIGKILL');
    await k.exited;
    throw new Error(`keel serve (${k.name}) did not stop within 20 s of SIGTERM:\n${k.serverStderr}`);
  }
  if (SANITIZER_RE.test(k.serverStderr)) throw new Error(`sanitizer report from keel serve (${k.name}):\n${k.serverStderr}`);
  if (st.code !== 0) throw new Error(`keel serve (${k.name}) exited with ${JSON.stringify(st)}:\n${k.serverStderr}`);
  if (!process.env.KEEL_KEEP_TMP) fs.rmSync(k.dir, { recursive: true, force: true });
}

// ---- PostgreSQL --------------------------------------------------------------

/** A throwaway PostgreSQL cluster in dir, through scripts/pg-cluster. */
export class Postgres {
  constructor(dir) {
    this.dir = dir;
    this.port = null;
    this.url = null; // postgresql://postgres@127.0.0.1:PORT
    this.running = false;
  }

  /** Starts it (initdb the first time); port: the same one again after a stop. */
  async start(port = this.port) {
    const args = ['start', this.dir];
    if (port) args.push(`${port}`);
    const r = await run(PG_CLUSTER, args);
    if (r.code !== 0) throw new Error(`pg-cluster start failed (${r.code}):\n${r.stderr}`);
    this.url = r.stdout.trim();
    const m = this.url.match(/^postgresql:\/\/postgres@127\.0\.0\.1:(\d+)$/);
    if (!m) throw new Error(`pg-cluster start printed ${JSON.stringify(r.stdout)}`);
    this.port = Number(m[1]);
    this.running = true;
    return this.url;
  }

  /** Stops it (pg_ctl stop -m fast: open sessions are ended at once). */
  async stop() {
    const r = await run(PG_CLUSTER, ['stop', this.dir]);
    if (r.code !== 0) throw new Error(`pg-cluster stop failed (${r.code}):\n${r.stderr}`);
    this.running = false;
  }

  async createdb(name) {
    const r = await run(PG_CLUSTER, ['createdb', this.url, name]);
    if (r.code !== 0) throw new Error(`pg-cluster createdb ${name} failed:\n${r.stderr}`);
    return `${this.url}/${name}`;
  }

  /** Synchronous stop, for process exit. */
  stopSync() {
    if (this.running) spawnSync(PG_CLUSTER, ['stop', this.dir], { stdio: 'ignore' });
    this.running = false;
  }
}

// ---- nginx -------------------------------------------------------------------

export class Nginx {
  constructor(dir) {
    this.dir = dir;
    this.proc = null;
    this.stderr = '';
    this.port = null;
    this.base = null;
    this.accessLog = path.join(dir, 'access.log');
    this.errorLog = path.join(dir, 'error.log');
  }

  /** Writes the config for nodePorts and starts nginx on a free port; resolves once it answers. */
  async start(nodePorts) {
    fs.mkdirSync(path.join(this.dir, 'tmp'), { recursive: true, mode: 0o755 });
    const root = process.getuid && process.getuid() === 0;
    for (let attempt = 0; ; attempt++) {
      this.port = await freePort();
      this.conf = path.join(this.dir, 'nginx.conf');
      fs.writeFileSync(this.conf, nginxConfig({ dir: this.dir, listen: this.port, nodes: nodePorts, user: root ? 'nobody nogroup' : null }));
      try {
        await this.spawn();
        break;
      } catch (e) {
        // Someone took the free port between the check and the bind: try another.
        if (attempt < 3 && /Address already in use/.test(e.message)) continue;
        throw e;
      }
    }
    this.base = `http://${HOST}:${this.port}`;
  }

  async spawn() {
    this.stderr = '';
    const proc = spawn(NGINX_BIN, ['-p', this.dir, '-e', this.errorLog, '-c', this.conf, '-g', 'daemon off;'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.proc = proc;
    let failed = null;
    proc.on('error', (e) => (failed = e)); // e.g. no nginx at NGINX_BIN
    const reap = () => proc.exitCode === null && proc.signalCode === null && proc.kill('SIGKILL');
    process.once('exit', reap);
    proc.once('exit', () => process.removeListener('exit', reap));
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (d) => (this.stderr += d));
    this.exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
    for (let i = 0; ; i++) {
      if (failed) {
        this.proc = null;
        throw new Error(`cannot run nginx (${NGINX_BIN}): ${failed.message}`);
      }
      if (proc.exitCode !== null || proc.signalCode !== null) {
        const log = fs.existsSync(this.errorLog) ? fs.readFileSync(this.errorLog, 'utf8') : '';
        throw new Error(`nginx exited (${proc.exitCode ?? proc.signalCode}) at start:\n${this.stderr}\n${log}`);
      }
      const ok = await new Promise((resolve) => {
        const s = net.connect(this.port, HOST, () => {
          s.destroy();
          resolve(true);
        });
        s.on('error', () => resolve(false));
      });
      if (ok) return;
      if (i > 100) throw new Error(`nginx did not listen on ${this.port} in 10 s:\n${this.stderr}`);
      await sleep(100);
    }
  }

  /** The access log as [{line, request, status, upstream, upstreamStatus}]; upstream lists every node
   * tried, in order ("127.0.0.1:P2, 127.0.0.1:P1" when the first refused). */
  accessEntries() {
    if (!fs.existsSync(this.accessLog)) return [];
    return fs
      .readFileSync(this.accessLog, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const m = line.match(/"([^"]*)" (\d{3}) \d+ upstream=(.*) upstream_status=(.*) request_time=/);
        if (!m) throw new Error(`nginx access log line in an unexpected shape: ${line}`);
        return { line, request: m[1], status: Number(m[2]), upstream: m[3], upstreamStatus: m[4] };
      });
  }

  /** nginx's error log ('' when it has none). */
  readErrorLog() {
    return fs.existsSync(this.errorLog) ? fs.readFileSync(this.errorLog, 'utf8') : '';
  }

  /** Stops nginx (SIGQUIT: finish what is in flight); throws when it had died already. */
  async stop() {
    if (!this.proc) return;
    const proc = this.proc;
    this.proc = null;
    if (proc.exitCode !== null || proc.signalCode !== null)
      throw new Error(`nginx died during the tests (${proc.exitCode ?? proc.signalCode}):\n${this.stderr}`);
    proc.kill('SIGQUIT');
    let timer;
    const st = await Promise.race([this.exited, new Promise((r) => (timer = setTimeout(r, 10000, null)))]);
    clearTimeout(timer);
    if (!st) {
      proc.kill('SIGKILL');
      await this.exited;
    }
  }
}

// ---- the cluster -------------------------------------------------------------

export class Cluster {
  /**
   * Starts PostgreSQL, a workspace, `nodes` keel nodes and (nginx: true) nginx.
   * contributors: how many extra contributor users (contributor-N@keel.test, with tokens) to add.
   */
  static async start({ nodes = 2, nginx = true, contributors = 0 } = {}) {
    const c = new Cluster();
    try {
      await c.init({ nodes, nginx, contributors });
    } catch (e) {
      await c.stop().catch(() => {});
      throw e;
    }
    return c;
  }

  constructor() {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-nodes-'));
    // PostgreSQL (as root: the postgres user) and nginx's workers (nobody) must reach their subdirectories.
    fs.chmodSync(this.dir, 0o711);
    this.pg = new Postgres(path.join(this.dir, 'pg'));
    this.nodes = [];
    this.nginx = null;
    this.front = null; // the Endpoint of nginx
    this.users = {}; // role -> {email, name, password, role, token}
    this.contributors = []; // the extra contributors, same shape
    this.stopped = false;
    // Never leave PostgreSQL or nginx behind, whatever ends this process.
    this.onExit = () => this.stopSync();
    this.onSignal = (sig) => {
      this.stopSync();
      process.exit(sig === 'SIGINT' ? 130 : 143);
    };
    process.once('exit', this.onExit);
    process.once('SIGINT', this.onSignal);
    process.once('SIGTERM', this.onSignal);
  }

  async init({ nodes, nginx, contributors }) {
    await this.pg.start();
    this.db = await this.pg.createdb('keel');
    for (let i = 0; i < nodes; i++) {
      const k = new Keel();
      k.db = this.db;
      k.name = `node ${i + 1}`;
      this.nodes.push(k);
    }
    const admin = this.nodes[0];
    const r = await admin.cli(['init']);
    if (r.code !== 0) throw new Error(`keel init failed: ${r.stderr}`);
    for (const role of ROLES) {
      const u = await admin.addUser(role, `${role}@keel.test`, NAMES[role]);
      u.token = await admin.token(u.email);
      this.users[role] = u;
    }
    // Extra contributors, a few at a time (each password hash takes a while, longer under ASan).
    for (let i = 0; i < contributors; i += 4) {
      const batch = [];
      for (let j = i; j < Math.min(i + 4, contributors); j++)
        batch.push(
          (async () => {
            const u = await admin.addUser('contributor', `contributor-${j + 1}@keel.test`, `Contributor ${j + 1}`, PASSWORD);
            u.token = await admin.token(u.email);
            this.contributors[j] = u;
          })(),
        );
      await Promise.all(batch);
    }
    // All nodes start together, as they would after a deploy.
    await Promise.all(this.nodes.map((k) => k.serve(['--trust-proxy', HOST])));
    if (nginx) {
      this.nginx = new Nginx(path.join(this.dir, 'nginx'));
      await this.nginx.start(this.nodes.map((k) => k.port));
      this.front = new Endpoint(this.nginx.base, 'nginx');
    }
  }

  /** role -> API token. */
  get tokens() {
    return Object.fromEntries(Object.entries(this.users).map(([r, u]) => [r, u.token]));
  }

  /** Stops nginx, the nodes (throwing, after the rest is down, when one crashed or printed a sanitizer report) and PostgreSQL. */
  async stop() {
    if (this.stopped) return;
    const errors = [];
    try {
      await this.nginx?.stop();
    } catch (e) {
      errors.push(e);
    }
    for (const k of this.nodes) {
      try {
        await stopNode(k);
      } catch (e) {
        errors.push(e);
      }
    }
    try {
      await this.pg.stop();
    } catch (e) {
      errors.push(e);
    }
    this.stopSync();
    if (errors.length) throw errors.length === 1 ? errors[0] : new AggregateError(errors, errors.map((e) => e.message).join('\n'));
  }

  /** Takes down whatever still runs and removes the directory (synchronous: for exit and signals too). */
  stopSync() {
    if (this.stopped) return;
    this.stopped = true;
    process.removeListener('exit', this.onExit);
    process.removeListener('SIGINT', this.onSignal);
    process.removeListener('SIGTERM', this.onSignal);
    if (this.nginx?.proc && this.nginx.proc.exitCode === null) this.nginx.proc.kill('SIGKILL');
    for (const k of this.nodes) if (k.proc && k.proc.exitCode === null) k.proc.kill('SIGKILL');
    this.pg.stopSync();
    if (!process.env.KEEL_KEEP_TMP) {
      fs.rmSync(this.dir, { recursive: true, force: true });
      for (const k of this.nodes) fs.rmSync(k.dir, { recursive: true, force: true });
    }
  }
}
