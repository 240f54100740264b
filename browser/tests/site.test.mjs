// This repository's site as readers see it, in every language, served on 127.0.0.1 and opened
// from disk. DIST is the output of `zaklyk package` (run.sh makes it).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import * as check from '../lib.mjs';

const DIST = path.resolve(process.env.DIST || '../target/browser-dist');
const SHOTS = path.resolve(process.env.SCREENSHOTS || '../target/screenshots');
const LANGUAGES = ['uk', 'crh', 'en', 'de', 'fr', 'pl'];
const PAGES = ['index.html', '404.html', 'translate/index.html', 'translate/guide/index.html', ...LANGUAGES.map((l) => `${l}/index.html`)];
const SINGLE = fs.readdirSync(path.join(DIST, 'download')).filter((f) => f.endsWith('.html')).map((f) => `download/${f}`);

let browser;
let server;
test.before(async () => {
  browser = await check.launch();
  server = await check.serve(DIST);
});
test.after(async () => {
  await browser?.close();
  await server?.close();
});

test('no request to any other origin, served or from disk', async () => {
  for (const page of [...PAGES, ...SINGLE]) {
    for (const [url, origin] of [[server.url + page, server.url.slice(0, -1)], [check.fileUrl(DIST, page), 'file:']]) {
      const requests = await check.requestsOf(browser, url);
      assert.deepEqual(check.foreignRequests(requests, origin), [], `${url} requested another origin; all requests:\n${requests.join('\n')}`);
    }
  }
});

test('accessibility: zero axe-core WCAG 2.2 A/AA violations, in the light and the dark color scheme', async () => {
  for (const page of [...PAGES, ...SINGLE]) {
    assert.deepEqual(await check.axeViolations(browser, server.url + page), [], page);
  }
  for (const page of PAGES) {
    assert.deepEqual(await check.axeViolations(browser, server.url + page, 'dark'), [], `${page} (dark)`);
  }
});

test('keyboard: the skip link comes first and the language switcher is reachable, both visibly focused', async () => {
  for (const lang of LANGUAGES) {
    const stops = await check.keyboard(browser, `${server.url}${lang}/index.html`);
    assert.match(stops[0].cls, /skip-link/, `${lang}: first Tab stop`);
    assert.ok(stops[0].visibleFocus && stops[0].onScreen, `${lang}: the skip link is visible when focused`);
    const switcher = stops.find((s) => s.inSwitcher);
    assert.ok(switcher, `${lang}: the language switcher is reachable with Tab`);
    assert.ok(switcher.visibleFocus && switcher.onScreen, `${lang}: the switcher's focus is visible`);
  }
});

test('every internal link leads to a page that exists, from disk and over http', async () => {
  for (const page of PAGES.filter((p) => p !== '404.html')) {
    assert.deepEqual(await check.deadLinks(browser, check.fileUrl(DIST, page)), [], `file://…/${page}`);
    assert.deepEqual(await check.deadLinks(browser, server.url + page), [], `http …/${page}`);
  }
});

test('the unzipped offline package is one folder whose every page works from disk', async () => {
  const zip = fs.readdirSync(path.join(DIST, 'download')).find((f) => f.endsWith('-offline.zip'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zaklyk-offline-'));
  execFileSync('unzip', ['-q', path.join(DIST, 'download', zip), '-d', dir]);
  const top = fs.readdirSync(dir);
  assert.deepEqual(top, [zip.replace(/-offline\.zip$/, '')], 'unzipping makes one folder');
  const site = path.join(dir, top[0]);
  const pages = check.htmlFiles(site);
  assert.ok(!pages.includes('404.html'), '404.html links by absolute paths: not in the zip');
  assert.ok(pages.length >= 9, pages.join(' '));
  for (const page of pages) {
    const url = check.fileUrl(site, page);
    assert.deepEqual(await check.deadLinks(browser, url), [], `offline ${page}`);
    assert.deepEqual(check.foreignRequests(await check.requestsOf(browser, url), 'file:'), [], `offline ${page}`);
  }
  const seen = await check.withoutJavaScript(browser, check.fileUrl(site, 'uk/index.html'));
  assert.equal(seen.demands, 10, 'offline uk: the demands');
});

test('with JavaScript off, the statement, the ten demands and the eight signatories are there', async () => {
  for (const lang of LANGUAGES) {
    const seen = await check.withoutJavaScript(browser, check.fileUrl(DIST, `${lang}/index.html`));
    assert.equal(seen.demands, 10, lang);
    assert.equal(seen.signatories, 8, lang);
    assert.ok(seen.text.length > 3000, `${lang}: the statement's text`);
  }
});

test('layout: no horizontal scrolling at 320, 375 and 1280 px; demand anchors scroll into view; screenshots', async () => {
  for (const page of PAGES) {
    for (const width of [320, 375, 1280]) {
      assert.ok(await check.horizontalOverflow(browser, server.url + page, width) <= 0, `${page} scrolls sideways at ${width} px`);
    }
  }
  for (const lang of LANGUAGES) {
    const url = `${server.url}${lang}/index.html`;
    for (const id of ['demand-1', 'demand-7', 'demand-10']) {
      assert.ok(await check.anchorInView(browser, url, id), `${lang}#${id} is not scrolled into view`);
    }
    for (const width of [375, 1280]) {
      await check.screenshot(browser, url, width, path.join(SHOTS, `${lang}-${width}.png`));
    }
  }
});

test('print: the statement, demands and signatories on a few pages', async () => {
  for (const lang of LANGUAGES) {
    const { pages, text } = await check.print(browser, `${server.url}${lang}/index.html`, path.join(SHOTS, `${lang}.pdf`));
    assert.ok(pages >= 1 && pages <= 8, `${lang}: ${pages} printed pages`);
    const flat = text.replace(/\s+/g, ' ');
    assert.ok(flat.includes('10 '), `${lang}: the tenth demand is printed`);
    assert.match(flat, /ZMINA/, `${lang}: the signatories are printed`);
    assert.doesNotMatch(flat, /Telegram/, `${lang}: share links are not printed`);
  }
});

test('valid HTML: the Nu HTML Checker finds no error', () => {
  const files = check.htmlFiles(DIST).map((f) => path.join(DIST, f));
  assert.ok(files.length >= 15);
  assert.deepEqual(check.vnuErrors(files), []);
});
