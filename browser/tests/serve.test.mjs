// `zaklyk serve` in a real browser: an open page reloads itself after a save, switches to the
// error page (in its language) when a save breaks the build, and comes back when it is fixed,
// with the site minified and not (the reload script must be allowed by the page's policy either
// way: no Content-Security-Policy violation may be reported).
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as check from '../lib.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ZAKLYK = process.env.ZAKLYK
  || path.join(process.env.CARGO_TARGET_DIR ? path.resolve(REPO, process.env.CARGO_TARGET_DIR) : path.join(REPO, 'target'), 'release/zaklyk');

for (const minify of [true, false]) {
  test(`an open page follows every save, shows a broken build in place, and recovers (minify = ${minify})`, async () => {
    const site = fs.mkdtempSync(path.join(os.tmpdir(), 'zaklyk-serve-'));
    for (const part of ['content', 'locales', 'site.toml']) {
      fs.cpSync(path.join(REPO, part), path.join(site, part), { recursive: true });
    }
    const config = path.join(site, 'site.toml');
    fs.writeFileSync(config, `minify = ${minify}\n${fs.readFileSync(config, 'utf8')}`);
    const server = spawn(ZAKLYK, ['serve', '--root', site, '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
    const browser = await check.launch();
    try {
      const port = await new Promise((resolve, reject) => {
        let err = '';
        server.stderr.on('data', (d) => {
          err += d;
          const m = /127\.0\.0\.1:(\d+)/.exec(err);
          if (m) resolve(m[1]);
        });
        server.on('exit', () => reject(new Error(`serve exited: ${err}`)));
      });
      const page = await browser.newPage();
      const requests = [];
      const violations = [];
      page.on('request', (r) => requests.push(r.url()));
      page.on('console', (m) => {
        if (/Content Security Policy|Content-Security-Policy/i.test(m.text())) violations.push(m.text());
      });
      await page.goto(`http://127.0.0.1:${port}/crh/index.html#demand-3`);
      const ftl = path.join(site, 'locales/crh/theme.ftl');
      const original = fs.readFileSync(ftl, 'utf8');

      fs.writeFileSync(ftl, original.replace('skip-link = Mündericege keçmek', 'skip-link = Metinge keçmek'));
      await page.waitForFunction(() => document.querySelector('.skip-link')?.textContent === 'Metinge keçmek', null, { timeout: 10000 });

      fs.writeFileSync(ftl, `${original}broken = {\n`);
      await page.waitForFunction(() => location.pathname === '/__zaklyk/error', null, { timeout: 10000 });
      const body = await page.textContent('body');
      assert.match(body, /locales\/crh\/theme\.ftl:\d+:\d+/, 'the error page gives the location');
      assert.match(body, /Saytnı yañıdan qurmaq mümkün olmadı/, 'in the page\'s language');
      assert.equal(await page.getAttribute('html', 'lang'), 'crh-Latn');

      fs.writeFileSync(ftl, original);
      await page.waitForFunction(() => location.pathname === '/crh/index.html', null, { timeout: 10000 });
      assert.equal(new URL(page.url()).hash, '#demand-3', 'back to the same place');
      assert.equal(await page.textContent('.skip-link'), 'Mündericege keçmek');
      assert.deepEqual(violations, [], 'the reload script is allowed');
      assert.deepEqual(check.foreignRequests(requests, `http://127.0.0.1:${port}`), [], requests.join('\n'));
    } finally {
      await browser.close();
      server.kill();
    }
  });
}

test('a page of another site cannot read the preview, even under a name that resolves to it', async () => {
  const site = fs.mkdtempSync(path.join(os.tmpdir(), 'zaklyk-serve-'));
  for (const part of ['content', 'locales', 'site.toml']) {
    fs.cpSync(path.join(REPO, part), path.join(site, part), { recursive: true });
  }
  const server = spawn(ZAKLYK, ['serve', '--root', site, '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  // The name resolves to the preview's address, as after DNS rebinding.
  const browser = await check.launch(['--host-resolver-rules=MAP rebound.test 127.0.0.1']);
  try {
    const port = await new Promise((resolve, reject) => {
      let err = '';
      server.stderr.on('data', (d) => {
        err += d;
        const m = /127\.0\.0\.1:(\d+)/.exec(err);
        if (m) resolve(m[1]);
      });
      server.on('exit', () => reject(new Error(`serve exited: ${err}`)));
    });
    const page = await browser.newPage();
    const response = await page.goto(`http://rebound.test:${port}/uk/index.html`);
    assert.equal(response.status(), 403);
    assert.doesNotMatch(await page.textContent('body'), /demand/);
    const own = await page.goto(`http://localhost:${port}/uk/index.html`);
    assert.equal(own.status(), 200);
  } finally {
    await browser.close();
    server.kill();
  }
});
