// What spreads the statement, as readers get it: the demands' own pages, the one-sheet, the
// updates and their feeds, the share links and the cards. DIST is this site (`zaklyk package`);
// SPREAD is tests/fixtures/spread built (it has posts and a right-to-left language).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import * as check from '../lib.mjs';

const DIST = path.resolve(process.env.DIST || '../target/browser-dist');
const SPREAD = path.resolve(process.env.SPREAD || '../target/browser-spread');
const SHOTS = path.resolve(process.env.SCREENSHOTS || '../target/screenshots');
const LANGUAGES = ['uk', 'crh', 'en', 'de', 'fr', 'pl'];
// Of this site: the first and the last demand's pages, the sheet and the (empty) updates list.
const PAGES = LANGUAGES.flatMap((l) => [`${l}/demands/1/index.html`, `${l}/demands/10/index.html`, `${l}/demands/index.html`, `${l}/updates/index.html`]);
// Of the fixture: posts, a list with a post from the fallback, and Hebrew demand pages (its own
// and one shown from English).
const FIXTURE_PAGES = ['en/updates/index.html', 'uk/updates/index.html', 'en/updates/first-meeting/index.html', 'he/demands/1/index.html', 'he/demands/2/index.html', 'he/updates/index.html', 'he/demands/index.html'];

let browser;
let server;
let fixtureServer;
test.before(async () => {
  browser = await check.launch();
  server = await check.serve(DIST);
  fixtureServer = await check.serve(SPREAD);
});
test.after(async () => {
  await browser?.close();
  await server?.close();
  await fixtureServer?.close();
});

const both = () => [...PAGES.map((p) => [DIST, server, p]), ...FIXTURE_PAGES.map((p) => [SPREAD, fixtureServer, p])];

test('the new pages request nothing from another origin, served or from disk', async () => {
  for (const [dir, srv, page] of both()) {
    for (const [url, origin] of [[srv.url + page, srv.url.slice(0, -1)], [check.fileUrl(dir, page), 'file:']]) {
      const requests = await check.requestsOf(browser, url);
      assert.deepEqual(check.foreignRequests(requests, origin), [], `${url}:\n${requests.join('\n')}`);
    }
  }
});

test('the new pages: zero axe-core violations, light and dark', async () => {
  for (const [, srv, page] of both()) {
    assert.deepEqual(await check.axeViolations(browser, srv.url + page), [], page);
    assert.deepEqual(await check.axeViolations(browser, srv.url + page, 'dark'), [], `${page} (dark)`);
  }
});

test('the new pages: every link leads somewhere, from disk; no sideways scrolling at 320 px', async () => {
  for (const [dir, srv, page] of both()) {
    assert.deepEqual(await check.deadLinks(browser, check.fileUrl(dir, page)), [], page);
    assert.ok(await check.horizontalOverflow(browser, srv.url + page, 320) <= 0, `${page} scrolls sideways at 320 px`);
  }
});

test('the fixture is valid HTML too (this site is checked with the other pages)', () => {
  const files = check.htmlFiles(SPREAD).map((f) => path.join(SPREAD, f));
  assert.deepEqual(check.vnuErrors(files), []);
});

test('with JavaScript off, a demand page shows its demand, its number and the way back', async () => {
  for (const lang of LANGUAGES) {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(check.fileUrl(DIST, `${lang}/demands/7/index.html`));
    const seen = await page.evaluate(() => ({
      text: document.querySelector('.demand-page-text')?.innerText || '',
      number: document.querySelector('.demand-number')?.innerText,
      back: document.querySelector('a[href$="index.html#demand-7"]')?.href,
    }));
    await context.close();
    assert.ok(seen.text.length > 20, `${lang}: ${JSON.stringify(seen)}`);
    assert.equal(seen.number, '7', lang);
    assert.ok(seen.back && fs.existsSync(new URL(seen.back).pathname), `${lang}: the way back`);
  }
});

test('the share links of a demand lead to its page, which shares its card', async () => {
  for (const lang of LANGUAGES) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(check.fileUrl(DIST, `${lang}/index.html`));
    const demands = await page.$$eval('li[id^="demand-"]', (items) => items.map((li) => ({
      id: li.id,
      own: li.querySelector('.demand-share a:not([rel])')?.href,
      shared: [...li.querySelectorAll('.demand-share a[rel=noreferrer]')].map((a) => a.href),
    })));
    assert.equal(demands.length, 10, lang);
    for (const d of demands) {
      const n = d.id.replace('demand-', '');
      const address = `https://example.org/${lang}/demands/${n}/`;
      const telegram = new URL(d.shared.find((h) => h.startsWith('https://t.me/')));
      assert.equal(telegram.searchParams.get('url'), address, `${lang} ${d.id}: Telegram`);
      const facebook = new URL(d.shared.find((h) => h.startsWith('https://www.facebook.com/')));
      assert.equal(facebook.searchParams.get('u'), address, `${lang} ${d.id}: Facebook`);
      // The same page, opened: its canonical address is the shared one, its card is its own.
      await page.goto(d.own);
      const head = await page.evaluate(() => ({
        canonical: document.querySelector('link[rel=canonical]').href,
        image: document.querySelector('meta[property="og:image"]').content,
        twitter: document.querySelector('meta[name="twitter:card"]').content,
      }));
      assert.deepEqual(head, { canonical: address, image: `${address}card.png`, twitter: 'summary_large_image' }, `${lang} ${d.id}`);
      await page.goto(check.fileUrl(DIST, `${lang}/index.html`));
    }
    await context.close();
  }
});

test('the one-sheet of the demands prints on one A4 page, with the QR code and the address', async () => {
  for (const lang of LANGUAGES) {
    const { pages, text } = await check.print(browser, `${server.url}${lang}/demands/index.html`, path.join(SHOTS, `sheet-${lang}.pdf`));
    assert.equal(pages, 1, `${lang}: ${pages} printed pages`);
    const flat = text.replace(/\s+/g, ' ');
    assert.ok(flat.includes(`https://example.org/${lang}/`), `${lang}: the address beside the QR code`);
    assert.match(flat, /ZMINA/, `${lang}: the signatories`);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}${lang}/demands/index.html`);
    await page.emulateMedia({ media: 'print' });
    const qr = await page.evaluate(() => {
      const svg = document.querySelector('.qr svg');
      const r = svg.getBoundingClientRect();
      return { width: r.width, shown: getComputedStyle(document.querySelector('.qr')).display !== 'none', items: document.querySelectorAll('.sheet-demands li').length };
    });
    await context.close();
    assert.ok(qr.shown && qr.width > 50, `${lang}: QR code printed (${JSON.stringify(qr)})`);
    assert.equal(qr.items, 10, lang);
  }
});

test('a QR code is printed with every page, and shown on screen in a single-file page only', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}en/index.html`);
  const onScreen = await page.evaluate(() => getComputedStyle(document.querySelector('.qr')).display);
  assert.equal(onScreen, 'none');
  await page.emulateMedia({ media: 'print' });
  assert.notEqual(await page.evaluate(() => getComputedStyle(document.querySelector('.qr')).display), 'none');
  const single = fs.readdirSync(path.join(DIST, 'download')).find((f) => f.endsWith('-en.html'));
  await page.emulateMedia({ media: 'screen' });
  await page.goto(check.fileUrl(DIST, `download/${single}`));
  const shown = await page.evaluate(() => ({
    display: getComputedStyle(document.querySelector('.qr')).display,
    address: document.querySelector('.qr .address').textContent,
  }));
  await context.close();
  assert.notEqual(shown.display, 'none');
  assert.equal(shown.address, 'https://example.org/en/');
});

test('the demands pages work in the unzipped offline package', async () => {
  const zip = fs.readdirSync(path.join(DIST, 'download')).find((f) => f.endsWith('-offline.zip'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zaklyk-offline-'));
  execFileSync('unzip', ['-q', path.join(DIST, 'download', zip), '-d', dir]);
  // The archive unpacks into one folder named after the site.
  const site = path.join(dir, zip.replace(/-offline\.zip$/, ''));
  for (const lang of LANGUAGES) {
    for (const page of [`${lang}/demands/3/index.html`, `${lang}/demands/index.html`]) {
      const url = check.fileUrl(site, page);
      assert.deepEqual(await check.deadLinks(browser, url), [], `offline ${page}`);
      assert.deepEqual(check.foreignRequests(await check.requestsOf(browser, url), 'file:'), [], `offline ${page}`);
    }
  }
});

test('the Atom feeds, as Chromium reads them: well-formed, newest first, absolute links', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  for (const [srv, lang, count] of [[fixtureServer, 'en', 2], [fixtureServer, 'uk', 2], [fixtureServer, 'he', 2], [server, 'uk', 0]]) {
    // Served as a host would (application/xml), then parsed by Chromium's own XML parser.
    const response = await page.goto(`${srv.url}${lang}/updates/atom.xml`);
    assert.ok(response.ok(), `${lang}: ${response.status()}`);
    const xml = await response.text();
    const feed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      const root = doc.documentElement;
      return {
        error: doc.getElementsByTagName('parsererror').length,
        name: root.localName,
        ns: root.namespaceURI,
        lang: root.getAttribute('xml:lang'),
        self: [...root.children].find((e) => e.localName === 'link' && e.getAttribute('rel') === 'self')?.getAttribute('href'),
        entries: [...root.getElementsByTagName('entry')].map((e) => ({
          updated: e.getElementsByTagName('updated')[0].textContent,
          link: e.getElementsByTagName('link')[0].getAttribute('href'),
        })),
      };
    }, xml);
    assert.equal(feed.error, 0, `${lang}: the feed does not parse`);
    assert.equal(feed.name, 'feed');
    assert.equal(feed.ns, 'http://www.w3.org/2005/Atom');
    assert.equal(feed.lang, lang);
    assert.match(feed.self, new RegExp(`^https://example\\.org/.*${lang}/updates/atom\\.xml$`));
    assert.equal(feed.entries.length, count, `${lang}`);
    const dates = feed.entries.map((e) => e.updated);
    assert.deepEqual(dates, [...dates].sort().reverse(), 'newest first');
    for (const e of feed.entries) assert.match(e.link, /^https:\/\/example\.org\//);
  }
  // A page announces its language's feed, and the link leads to it.
  await page.goto(`${fixtureServer.url}uk/index.html`);
  const announced = await page.evaluate(() => document.querySelector('link[rel=alternate][type="application/atom+xml"]').href);
  assert.equal(announced, `${fixtureServer.url}uk/updates/atom.xml`);
  await context.close();
});

test('cards: two per language saved for review', () => {
  fs.mkdirSync(path.join(SHOTS, 'cards'), { recursive: true });
  for (const lang of LANGUAGES) {
    for (const [card, name] of [[`${lang}/card.png`, 'statement'], [`${lang}/demands/8/card.png`, 'demand-8']]) {
      const bytes = fs.readFileSync(path.join(DIST, card));
      assert.equal(bytes.subarray(1, 4).toString(), 'PNG');
      assert.ok(bytes.length < 100 * 1024, `${card}: ${bytes.length} bytes`);
      fs.writeFileSync(path.join(SHOTS, 'cards', `${lang}-${name}.png`), bytes);
    }
  }
  for (const card of ['he/card.png', 'he/demands/1/card.png']) {
    fs.copyFileSync(path.join(SPREAD, card), path.join(SHOTS, 'cards', `fixture-${card.replaceAll('/', '-')}`));
  }
});
