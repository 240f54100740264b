// The tier's own tests: each check must fail, for the right reason, on a page broken on purpose.
import test from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as check from '../lib.mjs';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');
let browser;
test.before(async () => {
  browser = await check.launch();
});
test.after(async () => browser?.close());

test('an external font <link> is caught as a request to another origin', async () => {
  const requests = await check.requestsOf(browser, check.fileUrl(FIXTURES, 'external-font/index.html'));
  const foreign = check.foreignRequests(requests, 'file:');
  assert.equal(foreign.length, 1, requests.join('\n'));
  assert.match(foreign[0], /^https:\/\/fonts\.example\.com\//);
});

test('an image without alt text is an accessibility violation', async () => {
  const server = await check.serve(path.join(FIXTURES, 'image-without-alt'));
  try {
    const violations = await check.axeViolations(browser, `${server.url}index.html`);
    assert.ok(violations.some((v) => v.startsWith('image-alt')), violations.join('\n'));
  } finally {
    await server.close();
  }
});

test('a dead link is found, and so is a missing anchor', async () => {
  const dead = await check.deadLinks(browser, check.fileUrl(FIXTURES, 'dead-link/index.html'));
  assert.deepEqual(dead.map((d) => d.replace(/^.*dead-link\//, '')), ['missing.html (no such file)', 'index.html#demand-9 (no element with id demand-9)']);
});

test('a page that needs JavaScript shows no demands without it', async () => {
  const seen = await check.withoutJavaScript(browser, check.fileUrl(FIXTURES, 'needs-javascript/index.html'));
  assert.equal(seen.demands, 0);
});

test('invalid HTML is reported by the Nu checker', () => {
  const errors = check.vnuErrors([path.join(FIXTURES, 'image-without-alt/index.html')]);
  assert.ok(errors.some((e) => /alt/.test(e)), errors.join('\n'));
});
