// `zaklyk serve` in a real browser: an open page reloads itself after a save, switches to the
// error page (in its language) when a save breaks the build, and comes back when it is fixed.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as check from '../lib.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ZAKLYK = path.join(REPO, 'target/release/zaklyk');

test('an open page follows every save, shows a broken build in place, and recovers', async () => {
  const site = fs.mkdtempSync(path.join(os.tmpdir(), 'zaklyk-serve-'));
  for (const part of ['content', 'locales', 'site.toml']) {
    fs.cpSync(path.join(REPO, part), path.join(site, part), { recursive: true });
  }
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
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`http://127.0.0.1:${port}/crh/index.html`);
    const ftl = path.join(site, 'locales/crh/theme.ftl');
    const original = fs.readFileSync(ftl, 'utf8');

    fs.writeFileSync(ftl, original.replace('skip-link = Mündericege keçmek', 'skip-link = Metinge keçmek'));
    await page.waitForFunction(() => document.querySelector('.skip-link')?.textContent === 'Metinge keçmek', null, { timeout: 10000 });

    fs.writeFileSync(ftl, `${original}broken = {\n`);
    await page.waitForFunction(() => location.pathname === '/__zaklyk/error', null, { timeout: 10000 });
    const body = await page.textContent('body');
    assert.match(body, /locales\/crh\/theme\.ftl:\d+:\d+/, 'the error page gives the location');
    assert.match(body, /Saytnı yañıdan qurmaq mümkün olmadı/, 'in the page\'s language');

    fs.writeFileSync(ftl, original);
    await page.waitForFunction(() => location.pathname === '/crh/index.html', null, { timeout: 10000 });
    assert.equal(await page.textContent('.skip-link'), 'Mündericege keçmek');
    assert.deepEqual(check.foreignRequests(requests, `http://127.0.0.1:${port}`), [], requests.join('\n'));
  } finally {
    await browser.close();
    server.kill();
  }
});
