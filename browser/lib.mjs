// The checks of the browser tier, as functions over a folder of built pages, so that the same
// code tests this repository's site and fails on the deliberately broken fixtures.
// Chromium is Debian's (/usr/bin/chromium), driven by playwright-core; nothing is downloaded.

import { chromium } from 'playwright-core';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const here = path.dirname(fileURLToPath(import.meta.url));

/** Debian's Chromium, headless; `extra` adds command-line switches. */
export async function launch(extra = []) {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's package (apt-get install chromium)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-default-apps', ...extra],
  });
}

/** Every .html file below dir, relative, sorted. */
export function htmlFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.html')) out.push(path.relative(dir, p).split(path.sep).join('/'));
    }
  };
  walk(dir);
  return out;
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.xml': 'application/xml', '.svg': 'image/svg+xml', '.txt': 'text/plain', '.zip': 'application/zip' };

/** A static server for dir on 127.0.0.1 (a free port), with the site's 404.html. */
export function serve(dir) {
  return new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      if (p.endsWith('/')) p += 'index.html';
      const file = path.join(dir, p);
      if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
        const nf = path.join(dir, '404.html');
        res.writeHead(404, { 'Content-Type': TYPES['.html'] });
        res.end(fs.existsSync(nf) ? fs.readFileSync(nf) : 'not found');
        return;
      }
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream' });
      res.end(fs.readFileSync(file));
    });
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

export const fileUrl = (dir, rel) => pathToFileURL(path.join(dir, rel)).href;

/** Opens url and returns every request the page made, in order. */
export async function requestsOf(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(200);
  await context.close();
  return requests;
}

/** Requests to anything but the page's own origin (file: for a local copy). */
export function foreignRequests(requests, origin) {
  return requests.filter((r) => !(origin === 'file:' ? r.startsWith('file:') : r.startsWith(origin)) && !r.startsWith('data:'));
}

const axeSource = () => fs.readFileSync(path.join(here, 'node_modules/axe-core/axe.min.js'), 'utf8');

/** axe-core's WCAG 2.2 A/AA violations on url. */
export async function axeViolations(browser, url, colorScheme = 'light') {
  // The pages forbid all scripts in their CSP; axe is injected past it, as a reader's tool would be.
  const context = await browser.newContext({ bypassCSP: true, colorScheme });
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  await page.addScriptTag({ content: axeSource() });
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  }));
  await context.close();
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** Every link of the page that stays on the site, as the browser resolves it. */
export async function internalLinks(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  const origin = new URL(url).origin;
  const links = await page.$$eval('a[href]', (as) => as.map((a) => a.href));
  await context.close();
  return links.filter((l) => (url.startsWith('file:') ? l.startsWith('file:') : l.startsWith(origin)));
}

/** Links of the page that lead nowhere: a missing file, or a #fragment without its element. */
export async function deadLinks(browser, url) {
  const dead = [];
  for (const link of await internalLinks(browser, url)) {
    const target = new URL(link);
    const fragment = decodeURIComponent(target.hash.slice(1));
    target.hash = '';
    let body;
    if (target.protocol === 'file:') {
      const file = fileURLToPath(target);
      if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) {
        dead.push(`${link} (no such file)`);
        continue;
      }
      body = fs.readFileSync(file, 'utf8');
    } else {
      const res = await fetch(target);
      if (res.status !== 200) {
        dead.push(`${link} (HTTP ${res.status})`);
        continue;
      }
      body = await res.text();
    }
    if (fragment && fragment !== 'main' && !new RegExp(`id=["']?${fragment.replace(/[-]/g, '\\-')}(["'\\s>])`).test(body)) {
      dead.push(`${link} (no element with id ${fragment})`);
    }
  }
  return dead;
}

/** What a reader without JavaScript sees. */
export async function withoutJavaScript(browser, url) {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  const seen = await page.evaluate(() => ({
    text: document.body.innerText,
    demands: document.querySelectorAll('li[id^="demand-"]').length,
    signatories: document.querySelectorAll('.signatories li').length,
  }));
  await context.close();
  return seen;
}

/** How many pixels the page is wider than a viewport of `width`. */
export async function horizontalOverflow(browser, url, width) {
  const context = await browser.newContext({ viewport: { width, height: 800 } });
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  await context.close();
  return overflow;
}

/** Whether opening url#id scrolls the element into view. */
export async function anchorInView(browser, url, id, width = 375) {
  const context = await browser.newContext({ viewport: { width, height: 700 } });
  const page = await context.newPage();
  await page.goto(`${url}#${id}`, { waitUntil: 'load' });
  const inView = await page.evaluate((i) => {
    const r = document.getElementById(i).getBoundingClientRect();
    return r.top >= -1 && r.top < window.innerHeight;
  }, id);
  await context.close();
  return inView;
}

export async function screenshot(browser, url, width, file) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
  await context.close();
}

/** Tab through the page: where focus lands first, whether the skip link and the language
 * switcher are reachable, and whether focus is visible on them. */
export async function keyboard(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  const seen = [];
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    seen.push(await page.evaluate(() => {
      const e = document.activeElement;
      const s = getComputedStyle(e);
      const r = e.getBoundingClientRect();
      return {
        cls: e.className || '', inSwitcher: !!e.closest('nav.languages'),
        visibleFocus: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
        onScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < window.innerHeight,
      };
    }));
  }
  await context.close();
  return seen;
}

/** The page printed to PDF: its page count and its text (pdftotext from poppler-utils). */
export async function print(browser, url, file) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.pdf({ path: file, format: 'A4' });
  await context.close();
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))[1]);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  return { pages, text };
}

/** Errors of the Nu HTML Checker (vnu-jar, on the machine's Java) for these files. */
export function vnuErrors(files) {
  const jar = path.join(here, 'node_modules/vnu-jar/build/dist/vnu.jar');
  const run = spawnSync('java', ['-jar', jar, '--errors-only', '--format', 'json', ...files], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.error) throw new Error(`the Nu HTML Checker could not run: ${run.error.message}`);
  const out = `${run.stdout}${run.stderr}`.trim();
  const messages = out ? JSON.parse(out).messages : [];
  return messages.filter((m) => m.type === 'error').map((m) => `${m.url.replace(/^file:/, '')}:${m.lastLine}: ${m.message}`);
}
