// harness.mjs — what every browser test shares: Debian's chromium launched
// through playwright-core, and pages that record every console error, page
// error, failed request, request leaving the server and Content-Security-
// Policy violation, so that a test can require there were none.
//
// Needs `npm ci` in tests/browser first (playwright-core; no browser download).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Where tests leave their screenshots (not committed). */
export const OUT = path.join(here, 'out');

const CHROMIUM = process.env.KEEL_CHROMIUM || '/usr/bin/chromium';

let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (e) {
  throw new Error(`playwright-core is missing: run \`npm ci\` in ${here} first (${e.message})`);
}

/** A headless chromium that talks to nothing but what the tests open. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-default-apps', '--no-default-browser-check'],
  });
}

/**
 * A page in a new context of browser, for the server k, that appends to
 * problems every console error, page error, failed request (unless
 * watchFailedRequests is false: downloads end that way) and request to
 * anywhere but k (data: URLs too, unless allowData). With countAlerts,
 * window.alert() only counts, in window.__alerts.
 */
export async function newPage(browser, k, problems, {
  viewport = { width: 1280, height: 900 }, acceptDownloads = false, allowData = false, countAlerts = false,
  watchFailedRequests = true,
} = {}) {
  const context = await browser.newContext({ viewport, acceptDownloads });
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if ((allowData && u.protocol === 'data:') || (u.hostname === '127.0.0.1' && u.port === String(k.port))) return route.continue();
    problems.push(`request outside the server: ${u.href}`);
    return route.abort();
  });
  await context.addInitScript((alerts) => {
    window.__cspViolations = [];
    if (alerts) {
      window.__alerts = 0;
      window.alert = () => { window.__alerts++; };
    }
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`);
    });
  }, countAlerts);
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error on ${page.url()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error on ${page.url()}: ${err.message}`));
  if (watchFailedRequests) {
    page.on('requestfailed', (req) => {
      if (!req.url().endsWith('/favicon.ico')) problems.push(`request failed: ${req.url()} ${req.failure()?.errorText}`);
    });
  }
  return page;
}

/** The CSP violations page has seen so far. */
export function cspViolations(page) {
  return page.evaluate(() => window.__cspViolations || []);
}

/** Appends page's CSP violations to problems. */
export async function collectCsp(page, problems) {
  problems.push(...(await cspViolations(page)).map((v) => `CSP violation: ${v}`));
}
