// serve.mjs: MIME types, gzip when accepted, 404, no escaping the root, 127.0.0.1 only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { spawn } from 'node:child_process';
import { createServer } from '../serve.mjs';

let dir, server, base;
before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'viper-serve-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>x</title>' + ' '.repeat(2000));
  writeFileSync(path.join(dir, 'assets/a.js'), 'export const a = 1;\n'.repeat(100));
  writeFileSync(path.join(dir, 'assets/w.mjs'), 'x');
  writeFileSync(path.join(dir, 'assets/m.wasm'), Buffer.from([0, 97, 115, 109, 1, 0, 0, 0]));
  server = createServer(dir);
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${server.address().port}`;
});
after(() => { server.close(); rmSync(dir, { recursive: true, force: true }); });

function get(p, headers = {}) {
  return new Promise((resolve, reject) => {
    http.get(base + p, { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

test('MIME types', async () => {
  assert.match((await get('/')).headers['content-type'], /^text\/html/);
  assert.match((await get('/assets/a.js')).headers['content-type'], /^text\/javascript/);
  assert.match((await get('/assets/w.mjs')).headers['content-type'], /^text\/javascript/);
  assert.equal((await get('/assets/m.wasm')).headers['content-type'], 'application/wasm');
});

test('gzip only when accepted, and the body is the file', async () => {
  const plain = await get('/assets/a.js');
  assert.equal(plain.headers['content-encoding'], undefined);
  const gz = await get('/assets/a.js', { 'accept-encoding': 'gzip, deflate' });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.ok(gz.body.length < plain.body.length);
  assert.deepEqual(gunzipSync(gz.body), plain.body);
});

test('404 and no path outside the root', async () => {
  assert.equal((await get('/nope.js')).status, 404);
  assert.notEqual((await get('/../../etc/passwd')).status, 200);
  assert.notEqual((await get('/%2e%2e/%2e%2e/etc/passwd')).status, 200);
});

test('the CLI binds 127.0.0.1, takes --port and prints the URL', async () => {
  const child = spawn(process.execPath, [path.resolve(import.meta.dirname, '../serve.mjs'), '--port', '0', '--dir', dir]);
  const line = await new Promise((resolve) => child.stdout.once('data', (d) => resolve(String(d))));
  child.kill();
  assert.match(line, /http:\/\/127\.0\.0\.1:\d+\//);
});
