#!/usr/bin/env node
// A small static server for the built playground (dist/): no dependencies, binds 127.0.0.1,
// correct MIME types (application/wasm, text/javascript, ...), gzip when the client accepts it.
//   node serve.mjs [--port N] [--dir PATH]     (port 8080 by default; 0 picks a free one)
import http from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8', '.wasm': 'application/wasm',
  '.ttf': 'font/ttf', '.woff': 'font/woff', '.woff2': 'font/woff2', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.ico': 'image/x-icon', '.txt': 'text/plain; charset=utf-8', '.map': 'application/json; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.wasm', '.ttf', '.svg', '.txt', '.map']);

export function createServer(root) {
  const cache = new Map();  // path -> { mtime, raw, gz }
  return http.createServer(async (req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') { res.writeHead(405).end(); return; }
      let rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      if (rel.endsWith('/')) rel += 'index.html';
      const file = path.join(root, path.normalize(rel));
      if (!file.startsWith(root + path.sep) && file !== root) { res.writeHead(403).end(); return; }
      const st = await stat(file).catch(() => null);
      if (!st?.isFile()) { res.writeHead(404, { 'content-type': 'text/plain' }).end('not found'); return; }
      let entry = cache.get(file);
      if (!entry || entry.mtime !== st.mtimeMs) {
        const raw = await readFile(file);
        entry = { mtime: st.mtimeMs, raw, gz: null };
        cache.set(file, entry);
      }
      const ext = path.extname(file).toLowerCase();
      const headers = {
        'content-type': MIME[ext] ?? 'application/octet-stream',
        'cache-control': rel.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        'x-content-type-options': 'nosniff',
        vary: 'accept-encoding',
      };
      let body = entry.raw;
      if (COMPRESSIBLE.has(ext) && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '') && body.length > 512) {
        entry.gz ??= gzipSync(entry.raw, { level: 9 });
        body = entry.gz;
        headers['content-encoding'] = 'gzip';
      }
      headers['content-length'] = body.length;
      for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
      res.writeHead(200);
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (e) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(e?.message ?? e));
    }
  });
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
  const port = Number(opt('--port', process.env.PORT ?? 8080));
  const dir = path.resolve(opt('--dir', path.join(path.dirname(fileURLToPath(import.meta.url)), 'dist')));
  const server = createServer(dir);
  server.listen(port, '127.0.0.1', () => {
    console.log(`Viper playground: http://127.0.0.1:${server.address().port}/  (serving ${dir})`);
  });
}
