// "Nothing contacts another origin", proved in Chromium: the site of tests/fixtures/origins_accepted
// (what the output scan lets through: links to other sites, share links, data: images, an allowed
// origin, a static HTML page, an SVG) is packaged, and every page and SVG of it is opened over HTTP,
// from disk, from the unzipped offline copy and as single-file pages, with every host name but
// 127.0.0.1 resolving to nothing. Chromium's network log (--log-net-log) and the page's own
// request events must show no request, preconnect or speculative DNS lookup to any origin but the
// site itself and the allowed one. A page broken on purpose shows that the log does catch them.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as check from '../lib.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ZAKLYK = process.env.ZAKLYK
  || path.join(process.env.CARGO_TARGET_DIR ? path.resolve(REPO, process.env.CARGO_TARGET_DIR) : path.join(REPO, 'target'), 'release/zaklyk');
const ALLOWED = 'media.example.net';
const LOCAL = new Set(['127.0.0.1', 'localhost']);
const TRAP = '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost';

// Everything this file writes is below its own scratch folder, removed at the end.
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'zaklyk-origins-'));
test.after(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** Every file below dir whose name ends with one of exts, relative, sorted. */
function files(dir, exts) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (exts.some((x) => e.name.endsWith(x))) out.push(path.relative(dir, p).split(path.sep).join('/'));
    }
  };
  walk(dir);
  return out;
}

/** The host of an address, or null for one without a network host (file:, data:, about:). */
function hostOf(url) {
  try {
    const u = new URL(url);
    return ['http:', 'https:', 'ws:', 'wss:', 'ftp:'].includes(u.protocol) ? u.hostname : null;
  } catch {
    return null;
  }
}

/**
 * What pages made Chromium do on the network, from its net log: requests a page started (not
 * Chromium's own, whose initiator is "not an origin"), preconnects and speculative DNS lookups.
 */
function networkOf(netlog) {
  const log = JSON.parse(fs.readFileSync(netlog, 'utf8'));
  const names = Object.fromEntries(Object.entries(log.constants.logEventTypes).map(([k, v]) => [v, k]));
  const seen = [];
  for (const e of log.events) {
    const p = e.params || {};
    const type = names[e.type];
    if (type === 'URL_REQUEST_START_JOB' && p.url && p.initiator !== 'not an origin') seen.push(`request ${p.url}`);
    if (type === 'HTTP_STREAM_JOB_CONTROLLER' && p.is_preconnect && p.url) seen.push(`preconnect ${p.url}`);
    if (type === 'HOST_RESOLVER_MANAGER_REQUEST' && p.is_speculative) seen.push(`dns-prefetch ${p.host}`);
  }
  return seen;
}

/** Opens every url in one browser that logs the network; returns the page events and the log. */
async function visit(urls, label) {
  const netlog = path.join(scratch, `${label}.netlog.json`);
  const browser = await check.launch([`--log-net-log=${netlog}`, TRAP]);
  const events = [];
  try {
    for (const url of urls) {
      const context = await browser.newContext();
      const page = await context.newPage();
      page.on('request', (r) => events.push(`${url} -> ${r.url()}`));
      page.on('websocket', (w) => events.push(`${url} -> ${w.url()}`));
      await page.goto(url, { waitUntil: 'load' });
      await page.waitForTimeout(300);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return { events, network: networkOf(netlog) };
}

/** Entries of a list whose address leaves the site and the allowed origin. */
const foreign = (entries) => entries.filter((e) => {
  const host = hostOf(e.split(/ (?:-> )?/).pop());
  return host !== null && !LOCAL.has(host) && host !== ALLOWED;
});

test('the accepted attack fixtures contact no other origin, hosted, from disk, offline and as single files', async () => {
  const site = path.join(scratch, 'site');
  fs.cpSync(path.join(REPO, 'tests/fixtures/origins_accepted'), site, { recursive: true });
  const dist = path.join(scratch, 'dist');
  const run = spawnSync(ZAKLYK, ['package', '--root', site, '--out', dist], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const zip = files(path.join(dist, 'download'), ['.zip'])[0];
  const offline = path.join(scratch, 'offline');
  const unzip = spawnSync('unzip', ['-q', path.join(dist, 'download', zip), '-d', offline], { encoding: 'utf8' });
  assert.equal(unzip.status, 0, unzip.stderr);

  const pages = files(dist, ['.html', '.svg']);
  assert.ok(pages.includes('page.html') && pages.includes('img/logo.svg'), pages.join(' '));
  const server = await check.serve(dist);
  let seen;
  try {
    seen = await visit([
      ...pages.map((p) => `${server.url}${p}`),
      ...pages.map((p) => check.fileUrl(dist, p)),
      ...files(offline, ['.html', '.svg']).map((p) => check.fileUrl(offline, p)),
    ], 'accepted');
  } finally {
    await server.close();
  }
  assert.ok(seen.events.length > pages.length, 'the pages loaded their own files');
  assert.deepEqual(foreign(seen.events), [], 'requests of the pages');
  assert.deepEqual(foreign(seen.network), [], 'Chromium\'s network log');
  // The one image of the allowed origin was asked for: the log does see what pages request.
  assert.ok(seen.network.some((n) => hostOf(n.split(' ').pop()) === ALLOWED), seen.network.join('\n'));
});

test('the network log catches a page that contacts other origins', async () => {
  const dir = path.join(scratch, 'control');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'index.html'), '<!DOCTYPE html><title>broken on purpose</title>'
    + '<link rel="prefetch" href="https://prefetch.example/x"><img src="https://img.example/x.png" alt="">'
    + '<meta http-equiv="refresh" content="0; url=https://refresh.example/">');
  const server = await check.serve(dir);
  let seen;
  try {
    seen = await visit([`${server.url}index.html`], 'control');
  } finally {
    await server.close();
  }
  const hosts = new Set(foreign(seen.network).map((n) => hostOf(n.split(' ').pop())));
  for (const host of ['prefetch.example', 'img.example', 'refresh.example']) {
    assert.ok(hosts.has(host), `${host} is not in the log:\n${seen.network.join('\n')}`);
  }
});
