// pages.test.mjs — the server-rendered web UI over the demo workspace
// (scripts/demo-data.sh): each main page renders the demo data as a whole
// HTML document; signing in and out; a stale form edit; login throttling.
import { after, before, test } from 'node:test';

import { assert, assertHtmlDocument, assertSecurityHeaders, checkCount, DEMO_PASSWORD, htmlDecode, Keel, Web } from './lib.mjs';

let k;
let pm;
let pmToken;

before(async () => {
  k = await Keel.start({ demo: true });
  pm = await k.session('pm@keel.test', DEMO_PASSWORD);
  pmToken = await k.token('pm2@keel.test');
});
after(async () => {
  await k?.stop();
});

/** GETs a page that must render (200, a whole document, the security headers); returns raw and decoded text. */
async function page(web, p) {
  const r = await web.get(p);
  assert.equal(r.status, 200, `${p}: ${r.status} ${r.text.slice(0, 300)}`);
  assert.match(r.headers.get('content-type'), /^text\/html; charset=utf-8/);
  assertSecurityHeaders(r, p);
  assertHtmlDocument(r.text, p);
  assert.ok(!/class="error-page"/.test(r.text), `${p}: an error page`);
  return { raw: r.text, text: htmlDecode(r.text.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ') };
}

const has = (pg, what, ...strings) => {
  for (const s of strings) assert.ok(pg.text.includes(s), `${what} should show ${JSON.stringify(s)}`);
};
const hasNot = (pg, what, ...strings) => {
  for (const s of strings) assert.ok(!pg.text.includes(s), `${what} should not show ${JSON.stringify(s)}`);
};
/** The data-key attributes of cards or rows in a piece of HTML, in order. */
const keysIn = (html) => [...html.matchAll(/<(?:li|tr) [^>]*data-key="([^"]+)"/g)].map((m) => m[1]);

// ---------------------------------------------------------------------------

test('the backlog: all products, one product in rank order, the open ones by default', async () => {
  const all = await page(pm, '/backlog');
  has(all, '/backlog', 'Backlog', 'Apple Pay and Google Pay at checkout', 'Revenue dashboard with daily, weekly and monthly views', 'Export any report to CSV');
  hasNot(all, '/backlog (open only)', '3-D Secure 2 challenge flow', 'Printable PDF dashboards');
  assert.match(all.raw, /<p class="hint">Pick a product to rank its features by dragging them\.<\/p>/);

  const pay = await page(pm, '/backlog?product=PAY');
  has(pay, '/backlog?product=PAY', 'Save cards for returning customers', 'Crypto payments');
  hasNot(pay, '/backlog?product=PAY', 'Cohort retention chart');
  const order = keysIn(pay.raw);
  assert.deepEqual(order.slice(0, 2), ['PAY-3', 'PAY-2'], 'the demo ranked PAY-3 first, then PAY-2');
  assert.ok(order.every((key) => key.startsWith('PAY-')));
  assert.ok(!order.includes('PAY-13'), 'shipped work is not in the open backlog');
  assert.match(pay.raw, /<tbody data-drag-list="rank">/, 'a PM can drag to rank');
  assert.match(pay.raw, /<tr data-key="PAY-3" data-version="\d+" draggable="true">/, 'rows are draggable (draggable="true", not escaped)');
  assert.match(pay.raw, /<a href="\/backlog" aria-current="page">Backlog<\/a>/, 'the nav marks the current page');
  assert.match(pay.raw, /title="1800">1800</, 'PAY-3 shows its RICE score');

  const shipped = await page(pm, '/backlog?product=PAY&status=shipped');
  assert.deepEqual(keysIn(shipped.raw), ['PAY-13']);
  const rice = await page(pm, '/backlog?product=INS&sort=rice&status=all');
  assert.equal(keysIn(rice.raw)[0], 'INS-12', 'INS sorted by RICE: the real-time counter (3200) leads');
  const csv = await pm.get('/backlog.csv?product=PAY');
  assert.equal(csv.status, 200);
  assert.match(csv.text, /^key,title,status,horizon,rice,ice,/);
  assert.match(csv.text, /\nPAY-1,Apple Pay and Google Pay at checkout,in_progress,now,2240,280,4200,2,80,3,2,6,/);
});

test('the board: Now / Next / Later columns with the PAY cards in rank order', async () => {
  const b = await page(pm, '/board?product=PAY');
  has(b, '/board', 'Now / Next / Later', 'Retry failed subscription payments automatically', 'Multi-currency pricing', 'Buy now, pay later (instalments)');
  const column = (h) => {
    const m = b.raw.match(new RegExp(`<section class="column[^"]*" data-horizon="${h}"[\\s\\S]*?</section>`));
    assert.ok(m, `a ${h} column`);
    return keysIn(m[0]);
  };
  assert.deepEqual(column('now'), ['PAY-3', 'PAY-2', 'PAY-1']);
  assert.deepEqual(column('next'), ['PAY-4', 'PAY-5', 'PAY-6']);
  assert.deepEqual(column('later'), ['PAY-7', 'PAY-8', 'PAY-9']);
  assert.ok(column('unplanned').includes('PAY-10'));
  assert.match(b.raw, /<div class="board" data-board>/, 'a PM can drag cards');
  assert.match(b.raw, /<li class="card" data-key="PAY-4" data-version="\d+" draggable="true">/, 'cards are draggable');
  assert.ok(!/draggable=&quot;/.test(b.raw), 'no escaped draggable attribute');
  assert.match(b.raw, /<a href="\/board" aria-current="page">Board<\/a>/, 'the nav marks the current page');
  assert.match(b.raw, /data-live/);
  // A viewer sees the board but cannot drag.
  const viewer = await k.session('viewer@keel.test', DEMO_PASSWORD);
  const vb = await page(viewer, '/board?product=PAY');
  assert.ok(!/data-board|draggable="true"|card-move/.test(vb.raw), 'no drag or move forms for a viewer');
  has(vb, 'viewer board', 'Apple Pay and Google Pay at checkout');
});

test('a feature page: the RICE and ICE arithmetic, Markdown, linked ideas, comments, history', async () => {
  const f = await page(pm, '/features/PAY-1');
  has(f, '/features/PAY-1', 'Apple Pay and Google Pay at checkout', '4200 reach × 2 impact × 80% confidence ÷ 3 person-months = 2240',
    '8 impact × 7 confidence × 5 ease = 280', 'Ideas behind it', '2 ideas · 6 votes', 'Apple Pay on mobile checkout', 'Google Pay support',
    'Northwind Traders', 'Tailspin Toys', 'Sam Okafor', 'Priya Patel created this');
  assert.match(f.raw, /<strong>Why now:<\/strong>/, 'Markdown is rendered');
  assert.match(f.raw, /<input type="checkbox" checked="" disabled="" \/> Apple Pay domain verification/, 'task lists render');
  assert.match(f.raw, /<a href="\/ideas\/1">Apple Pay on mobile checkout<\/a>/);
  const f3 = await page(pm, '/features/PAY-3');
  has(f3, '/features/PAY-3', 'Retry schedule proposal: day 1, 3, 7.', 'Hard declines (stolen card, closed account) must never be retried.',
    'Chen Wei', 'Retry soft declines automatically', '900 reach × 3 impact × 100% confidence ÷ 1.5 person-months = 1800');
  const unscored = await page(pm, '/features/PAY-11');
  has(unscored, '/features/PAY-11', 'not scored', '5 impact × 3 confidence × 3 ease = 45');
  const edit = await page(pm, '/features/PAY-1/edit');
  assert.match(edit.raw, /name="reach" inputmode="decimal" value="4200"/);
  assert.match(edit.raw, /<option value="2" selected>2 high<\/option>/);
});

test('ideas: the inbox, one idea with its outcome, declines with their reasons, My ideas', async () => {
  const inbox = await page(pm, '/ideas');
  has(inbox, '/ideas', 'Let me pay by bank transfer', 'Webhooks for failed payments', 'Wide World Importers');
  hasNot(inbox, '/ideas (open only)', 'Accept Bitcoin');
  const declined = await page(pm, '/ideas?status=declined');
  has(declined, 'declined ideas', 'Accept Bitcoin', 'Fewer than 0.1% of shoppers asked; card networks and wallets cover them.',
    'CSV export (INS-2) covers board packs', 'Not a problem our merchants have.');

  const i1 = await page(pm, '/ideas/1');
  has(i1, '/ideas/1', 'Apple Pay on mobile checkout', 'Planned: became PAY-1', 'Northwind Traders', '6 votes', 'Priya Patel planned this',
    'Joined to PAY-1, which is in progress.');
  assert.match(i1.raw, /Northwind says they would move <strong>all<\/strong> their volume/);
  assert.match(i1.raw, /<a href="\/features\/PAY-1">PAY-1<\/a>/);
  const i9 = await page(pm, '/ideas/9');
  has(i9, '/ideas/9', 'Declined: Fewer than 0.1% of shoppers asked; card networks and wallets cover them. We will revisit if demand grows.');
  const i13 = await page(pm, '/ideas/13');
  has(i13, '/ideas/13', 'Duplicate: same as idea 1');
  const i41 = await page(pm, '/ideas/41');
  has(i41, '/ideas/41', 'Say <b>why</b> a payment failed & what to do', 'became PAY-14');
  assert.ok(!i41.raw.includes('<b>why</b>'), 'the title is escaped');

  const sales = await k.session('sales@keel.test', DEMO_PASSWORD);
  const mine = await page(sales, '/ideas/mine');
  has(mine, 'sales /ideas/mine', 'My ideas', 'Apple Pay on mobile checkout', 'became PAY-1', 'Apple Pay please!', 'same as idea 1',
    'Weekly revenue e-mail', 'became INS-4', 'Export to our data warehouse', 'Forecast next month');
  hasNot(mine, 'sales /ideas/mine', 'Customers ask to save their card', 'Accept Bitcoin');
  assert.equal((mine.raw.match(/<tr><td>\d+<\/td>/g) || []).length, 14, 'Sam submitted 14 ideas');
  const support = await k.session('support@keel.test', DEMO_PASSWORD);
  const smine = await page(support, '/ideas/mine');
  has(smine, 'support /ideas/mine', 'Export reports as PDF', 'CSV export (INS-2) covers board packs; a PDF renderer would cost more than it returns.');
});

test('products, history and the account page', async () => {
  const p = await page(pm, '/products');
  has(p, '/products', 'Payments', 'Insights');
  assert.match(p.raw, /<td class="num">14<\/td>/, 'PAY has 14 features');
  const pay = await page(pm, '/products/PAY');
  has(pay, '/products/PAY', 'Checkout, saved payment methods, invoicing and payouts for our merchants.', '14 features');
  const h = await page(pm, '/history');
  has(h, '/history', 'Recent changes', 'Marco Rossi moved INS-2', 'position top of the backlog', 'Priya Patel moved PAY-2', 'after PAY-3');
  assert.match(h.raw, /href="\/history\?before=\d+"/, 'older changes are a page away');
  const older = await page(pm, h.raw.match(/href="(\/history\?before=\d+)"/)[1]);
  assert.ok((older.raw.match(/<li><div class="what"><strong>/g) || []).length > 0, 'the older page has entries');
  const a = await page(pm, '/account');
  has(a, '/account', 'Priya Patel', 'pm@keel.test', 'API tokens', 'Change password');
  const admin = await k.session('admin@keel.test', DEMO_PASSWORD);
  const users = await page(admin, '/admin/users');
  has(users, '/admin/users', 'Ada Admin', 'Victor Hale', 'sales@keel.test');
});

test('sign in and out: HttpOnly SameSite cookie, safe redirects, logout ends the session', async () => {
  const w = new Web(k);
  const form = await w.get('/login?next=/board');
  assert.equal(form.status, 200);
  assertHtmlDocument(form.text, '/login');
  const lc = form.setCookies.find((c) => c.name === 'keel_login');
  assert.ok(lc && lc.attrs.httponly && lc.attrs.samesite === 'Lax', `keel_login cookie: ${lc?.raw}`);
  assert.match(form.text, /name="next" value="\/board"/);

  const r = await w.login('Contributor@Keel.test', DEMO_PASSWORD, '/board');
  assert.equal(r.status, 303, r.text.slice(0, 300));
  assert.equal(r.location, '/board');
  const sc = r.setCookies.find((c) => c.name === 'keel_session');
  assert.ok(sc && sc.value.length >= 32, `a session cookie: ${sc?.raw}`);
  assert.equal(sc.attrs.httponly, true, 'HttpOnly');
  assert.equal(sc.attrs.samesite, 'Lax', 'SameSite');
  assert.equal(sc.attrs.path, '/');
  assert.ok(Number(sc.attrs['max-age']) > 0);
  assert.ok(r.setCookies.some((c) => c.name === 'keel_login' && c.attrs['max-age'] === '0'), 'the login cookie is dropped');
  const home = await page(w, '/backlog');
  has(home, 'signed in', 'Chen Wei', 'contributor');
  assert.ok(w.csrf, 'pages carry the CSRF token');
  assert.match(home.raw, new RegExp(`<input type="hidden" name="_csrf" value="${w.csrf}">`), 'forms carry it too');
  const cookie = w.cookies.get('keel_session');

  // Signed in, /login sends you on.
  assert.equal((await w.get('/login?next=/ideas')).location, '/ideas');

  // Only local redirects after signing in.
  // (Browsers drop tabs and newlines from URLs: "/<TAB>/evil.example" is "//evil.example".)
  for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)', '/\t/evil.example/',
    '/\t\\evil.example', '/\n/evil.example', '/\r\nSet-Cookie: x=1']) {
    const o = new Web(k);
    const res = await o.login('viewer@keel.test', DEMO_PASSWORD, next);
    assert.equal(res.status, 303);
    assert.equal(res.location, '/backlog', `next=${JSON.stringify(next)}`);
    assert.equal(new URL(res.location, k.base).origin, k.base, `next=${JSON.stringify(next)} stays on this server`);
  }
  const deep = await new Web(k).login('viewer@keel.test', DEMO_PASSWORD, '/ideas?status=declined&sort=votes');
  assert.equal(deep.location, '/ideas?status=declined&sort=votes', 'a local next, query and all, is kept');
  // The sign-in form's own CSRF pair.
  const f2 = new Web(k);
  const g = await f2.get('/login');
  const tok = g.text.match(/name="login_csrf" value="([^"]*)"/)[1];
  const bad = await f2.request('POST', '/login', { form: { login_csrf: tok + 'x', email: 'viewer@keel.test', password: DEMO_PASSWORD } });
  assert.equal(bad.status, 403);
  f2.cookies.delete('keel_login');
  const noCookie = await f2.request('POST', '/login', { form: { login_csrf: tok, email: 'viewer@keel.test', password: DEMO_PASSWORD } });
  assert.equal(noCookie.status, 403);
  assert.ok(!noCookie.setCookies.some((c) => c.name === 'keel_session' && c.value), 'no session without the form pair');

  // Sign out: the cookie is cleared and the old value is dead on the server.
  const out = await w.post('/logout');
  assert.equal(out.status, 303);
  assert.equal(out.location, '/login?done=signedout');
  assert.ok(out.setCookies.some((c) => c.name === 'keel_session' && c.value === '' && c.attrs['max-age'] === '0'));
  const bye = await w.get('/login?done=signedout');
  assert.match(htmlDecode(bye.text), /You are signed out\./);
  const replay = new Web(k);
  replay.cookies.set('keel_session', cookie);
  const again = await replay.get('/backlog');
  assert.equal(again.status, 303, 'the old session cookie no longer signs in');
  assert.match(again.location, /^\/login\?next=%2Fbacklog/);
  assert.ok(again.setCookies.some((c) => c.name === 'keel_session' && c.attrs['max-age'] === '0'), 'the stale cookie is forgotten');
  const api = await k.api('GET', '/api/v1/me', { headers: { Cookie: `keel_session=${cookie}` } });
  assert.equal(api.status, 401);
});

test('a form edit with a stale version shows the conflict (412) and overwrites nothing', async () => {
  const edit = await page(pm, '/features/PAY-5/edit');
  const version = edit.raw.match(/name="version" value="(\d+)"/)[1];
  // Someone else changes PAY-5 meanwhile.
  const theirs = await k.api('PATCH', '/api/v1/features/PAY-5', { token: pmToken, ifMatch: Number(version), body: { title: 'Multi-currency pricing (EUR, USD, GBP)', horizon: 'now' } });
  assert.equal(theirs.status, 200, theirs.text);
  const audit = await k.auditCount();
  const form = {
    version,
    title: 'My stale title',
    description: 'Show prices in the shopper\'s currency.',
    status: 'candidate',
    horizon: 'next',
    reach: '3100', impact: '1', confidence: '50', effort: '4',
    ice_impact: '6', ice_confidence: '5', ice_ease: '4',
  };
  const stale = await pm.post('/features/PAY-5', form);
  assert.equal(stale.status, 412, stale.text.slice(0, 300));
  assertHtmlDocument(stale.text, 'conflict page');
  const text = htmlDecode(stale.text);
  assert.match(text, /Someone else changed PAY-5 while you were editing\./);
  assert.match(text, /Your changes were not saved\./);
  assert.match(text, /Title is now <strong>Multi-currency pricing \(EUR, USD, GBP\)<\/strong> \(you entered My stale title\)/);
  assert.match(text, /Horizon is now <strong>now<\/strong>/);
  assert.match(stale.text, /name="title" value="My stale title"/, 'the form keeps what you typed');
  const newVersion = stale.text.match(/name="version" value="(\d+)"/)[1];
  assert.equal(Number(newVersion), theirs.json.version, 'the form now carries the current version');
  const now = await k.api('GET', '/api/v1/features/PAY-5', { token: pmToken });
  assert.equal(now.json.title, 'Multi-currency pricing (EUR, USD, GBP)', 'not overwritten');
  assert.equal(now.json.version, theirs.json.version);
  assert.equal(await k.auditCount(), audit, 'nothing was recorded');
  // "Save again to replace their version": now it goes through.
  const saved = await pm.post('/features/PAY-5', { ...form, version: newVersion });
  assert.equal(saved.status, 303, saved.text.slice(0, 300));
  assert.equal(saved.location, '/features/PAY-5?done=saved');
  assert.equal((await k.api('GET', '/api/v1/features/PAY-5', { token: pmToken })).json.title, 'My stale title');

  // The other forms refuse stale versions the same way.
  const ideaStale = await pm.post('/ideas/11', { version: '1', product: 'PAY', title: 'Stale idea edit', source: 'customer' });
  assert.equal(ideaStale.status, 412);
  assert.match(htmlDecode(ideaStale.text), /Someone else changed this idea while you were editing\./);
  const moveStale = await pm.post('/features/PAY-2/move', { version: '1', horizon: 'later' }); // the demo moved PAY-2: version 2
  assert.equal(moveStale.status, 412);
  assert.match(htmlDecode(moveStale.text), /Nothing was moved\./);
  const prodStale = await pm.post('/products/PAY', { version: '99', name: 'Stale', description: '' });
  assert.equal(prodStale.status, 412);
  const triageStale = await pm.post('/ideas/11/triage', { version: '1', action: 'decline', reason: 'stale' });
  assert.equal(triageStale.status, 412);
  assert.equal((await k.api('GET', '/api/v1/ideas/11', { token: pmToken })).json.status, 'under_review');
  assert.equal((await k.api('GET', '/api/v1/features/PAY-2', { token: pmToken })).json.horizon, 'now');
  assert.equal((await k.api('GET', '/api/v1/products/PAY', { token: pmToken })).json.name, 'Payments');
  assert.equal(await k.auditCount(), audit + 1, 'only the deliberate save was recorded');
});

// Runs last: afterwards this address is throttled for 15 minutes.
test('login throttling: 5 failures of an account, or 20 from an address → 429 with Retry-After, even for the right password', async () => {
  const w = new Web(k);
  for (let i = 1; i <= 5; i++) {
    const r = await w.login('viewer@keel.test', `wrong-password-${i}`);
    assert.equal(r.status, 401, `failure ${i}`);
    assert.match(htmlDecode(r.text), /wrong e-mail address or password/);
    assert.ok(!r.setCookies.some((c) => c.name === 'keel_session' && c.value));
  }
  const sixth = await w.login('viewer@keel.test', 'wrong-password-6');
  assert.equal(sixth.status, 429);
  const wait = Number(sixth.headers.get('retry-after'));
  assert.ok(wait > 0 && wait <= 900, `Retry-After: ${sixth.headers.get('retry-after')}`);
  assert.match(htmlDecode(sixth.text), /too many failed sign-ins/);
  const right = await w.login('viewer@keel.test', DEMO_PASSWORD);
  assert.equal(right.status, 429, 'the right password is refused while throttled');
  assert.ok(Number(right.headers.get('retry-after')) > 0);
  assert.ok(!right.setCookies.some((c) => c.name === 'keel_session' && c.value), 'no session while throttled');
  // Another account from the same address still signs in (an office shares
  // one address) until the address itself has 20 failures in the window.
  const colleague = await new Web(k).login('pm2@keel.test', DEMO_PASSWORD);
  assert.equal(colleague.status, 303, 'five failures of one account do not lock out its neighbours');
  for (let i = 6; i <= 20; i++) {
    const r = await new Web(k).login(`nobody${i}@keel.test`, `guess-${i}`);
    assert.equal(r.status, 401, `address failure ${i}`);
  }
  const other = await new Web(k).login('contributor@keel.test', DEMO_PASSWORD);
  assert.equal(other.status, 429, 'after 20 failures from one address, every account from it waits');
  assert.ok(Number(other.headers.get('retry-after')) > 0);
  // Sessions that exist go on working.
  await page(pm, '/backlog');
});

test('summary', (t) => {
  t.diagnostic(`${checkCount()} checks`);
});
