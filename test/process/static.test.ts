import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from '../helpers/process';

/**
 * The built client as `npm start` serves it (the server bundle, dist/client): the build's brotli and gzip copies
 * sent by the browser's Accept-Encoding, hashed assets kept a year, the page revalidated, the security headers on
 * every response. Requests go through node:http, not fetch: fetch adds its own Accept-Encoding and decodes the body.
 */

const CLIENT_DIR = path.resolve('dist/client');
/** What Chromium sends. */
const BROWSER_ENCODINGS = 'gzip, deflate, br, zstd';
const YEAR_IMMUTABLE = 'public, max-age=31536000, immutable';
const SECURITY_HEADERS = [
  'content-security-policy',
  'strict-transport-security',
  'referrer-policy',
  'x-content-type-options',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'origin-agent-cluster',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
];

/** What a script or a style sheet keeps of them: the rest only a document reads (server/app.ts). */
const SUBRESOURCE_HEADERS = ['strict-transport-security', 'referrer-policy', 'x-content-type-options', 'cross-origin-resource-policy'];

/** The page's script and style, as the built index.html names them. */
function builtPage(): { script: string; style: string } {
  const index = path.join(CLIENT_DIR, 'index.html');
  if (!fs.existsSync(index)) throw new Error(`The client is not built: ${index} is missing. Run \`npx vite build\` (npm test does) before this suite.`);
  const html = fs.readFileSync(index, 'utf8');
  const script = /<script\b[^>]*\bsrc="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  const style = /<link\b[^>]*\bhref="(\/assets\/[^"]+\.css)"/.exec(html)?.[1];
  if (!script || !style) throw new Error(`${index} names no /assets/ script or style: is it a Vite build?`);
  return { script, style };
}

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function get(url: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

const onDisk = (urlPath: string) => fs.readFileSync(path.join(CLIENT_DIR, urlPath));
const varies = (reply: Reply) => String(reply.headers.vary ?? '').toLowerCase();

describe('the built client, as npm start serves it', () => {
  let page: { script: string; style: string };
  let server: ServerProcess;
  /** The security headers of a response that is no file (the health check): every file must carry the same. */
  let security: Record<string, string | string[] | undefined>;
  const securityOf = (reply: Reply) => Object.fromEntries(SECURITY_HEADERS.map((h) => [h, reply.headers[h]]));
  /** A script's or style's: the subresource headers as every response has them, none of the document's. */
  const subresourceSecurity = () => Object.fromEntries(SECURITY_HEADERS.map((h) => [h, SUBRESOURCE_HEADERS.includes(h) ? security[h] : undefined]));

  beforeAll(async () => {
    page = builtPage();
    server = await new ServerProcess({ CLIENT_DIR, DEMO: 'off' }).start();
    security = securityOf(await get(`${server.url}/livez`));
    expect(security['content-security-policy']).toMatch(/script-src 'self'/);
    expect(security['content-security-policy']).toMatch(/frame-ancestors 'self' https:\/\/\*\.zoom\.us https:\/\/zoom\.us/);
  });
  afterAll(async () => {
    await server?.stop();
    if (server) fs.rmSync(server.dataDir, { recursive: true, force: true });
  });

  it('sends the script brotli-compressed to a browser that accepts br: the same bytes as the file', async () => {
    const reply = await get(`${server.url}${page.script}`, { 'accept-encoding': 'br' });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-encoding']).toBe('br');
    expect(varies(reply)).toContain('accept-encoding');
    expect(reply.headers['content-type']).toMatch(/^text\/javascript/);
    expect(Number(reply.headers['content-length'])).toBe(reply.body.length);
    expect(zlib.brotliDecompressSync(reply.body).equals(onDisk(page.script))).toBe(true);
    expect(securityOf(reply)).toEqual(subresourceSecurity());
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
  });

  it('sends gzip to a browser that accepts gzip only, and brotli first to one that accepts both', async () => {
    const reply = await get(`${server.url}${page.script}`, { 'accept-encoding': 'gzip' });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-encoding']).toBe('gzip');
    expect(varies(reply)).toContain('accept-encoding');
    expect(zlib.gunzipSync(reply.body).equals(onDisk(page.script))).toBe(true);

    const browser = await get(`${server.url}${page.script}`, { 'accept-encoding': BROWSER_ENCODINGS });
    expect(browser.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(browser.body).equals(onDisk(page.script))).toBe(true);
  });

  it('sends the file itself to a client that accepts neither', async () => {
    const asked: Record<string, string>[] = [
      {},
      { 'accept-encoding': 'identity' },
      { 'accept-encoding': 'deflate' },
      { 'accept-encoding': 'br;q=0, gzip;q=0' },
    ];
    for (const headers of asked) {
      const reply = await get(`${server.url}${page.script}`, headers);
      expect(reply.status).toBe(200);
      expect(reply.headers['content-encoding']).toBeUndefined();
      expect(varies(reply)).toContain('accept-encoding');
      expect(reply.body.equals(onDisk(page.script))).toBe(true);
      expect(securityOf(reply)).toEqual(subresourceSecurity());
    }
  });

  it('gives each encoding its own ETag, and revalidates each', async () => {
    const tags = new Set<string>();
    for (const encoding of ['br', 'gzip', 'identity']) {
      const reply = await get(`${server.url}${page.script}`, { 'accept-encoding': encoding });
      const etag = String(reply.headers.etag);
      tags.add(etag);
      const again = await get(`${server.url}${page.script}`, { 'accept-encoding': encoding, 'if-none-match': etag });
      expect(again.status).toBe(304);
    }
    expect(tags.size).toBe(3);
  });

  it('lets browsers keep the hashed script and style for a year, compressed or not', async () => {
    for (const asset of [page.script, page.style]) {
      for (const encoding of ['br', 'gzip', 'identity']) {
        const reply = await get(`${server.url}${asset}`, { 'accept-encoding': encoding });
        expect(reply.status).toBe(200);
        expect(reply.headers['cache-control']).toBe(YEAR_IMMUTABLE);
      }
    }
    const style = await get(`${server.url}${page.style}`, { 'accept-encoding': BROWSER_ENCODINGS });
    expect(style.headers['content-encoding']).toBe('br');
    expect(style.headers['content-type']).toMatch(/^text\/css/);
    expect(zlib.brotliDecompressSync(style.body).equals(onDisk(page.style))).toBe(true);
    expect(securityOf(style)).toEqual(subresourceSecurity());
  });

  it('has the page (index.html, and every app route) revalidated on each load, with the CSP', async () => {
    const index = onDisk('index.html');
    for (const route of ['/', '/index.html', '/e/MC2023', '/e/MC2023/chair?t=abc', '/e/MC2023/present/plenary']) {
      const reply = await get(`${server.url}${route}`, { 'accept-encoding': BROWSER_ENCODINGS });
      expect(reply.status, route).toBe(200);
      expect(reply.headers['content-type'], route).toMatch(/^text\/html/);
      expect(reply.headers['cache-control'], route).toBe('no-cache');
      expect(securityOf(reply), route).toEqual(security);
      const body = reply.headers['content-encoding'] === 'br' ? zlib.brotliDecompressSync(reply.body) : reply.body;
      expect(body.equals(index), route).toBe(true);
    }
    const favicon = await get(`${server.url}/favicon.svg`);
    expect(favicon.status).toBe(200);
    expect(favicon.headers['cache-control']).toBe('no-cache');
  });

  it('answers a missing asset with a 404, not the page', async () => {
    for (const missing of ['/assets/index-0000000.js', '/assets/index-0000000.css', '/assets/nothing']) {
      const reply = await get(`${server.url}${missing}`, { 'accept-encoding': BROWSER_ENCODINGS });
      expect(reply.status, missing).toBe(404);
      expect(reply.headers['content-type'], missing).not.toMatch(/html/);
      expect(reply.headers['content-encoding'], missing).toBeUndefined();
      expect(reply.headers['cache-control'], missing).not.toMatch(/max-age=31536000/);
      expect(securityOf(reply), missing).toEqual(security);
    }
  });

  it('sends the attendee’s first load (script and style) in under a third of its size', async () => {
    const bytes = async (encoding: string | null) => {
      let total = 0;
      for (const asset of [page.script, page.style]) {
        const reply = await get(`${server.url}${asset}`, encoding ? { 'accept-encoding': encoding } : {});
        total += reply.body.length;
      }
      return total;
    };
    const [identity, gzip, browser] = [await bytes(null), await bytes('gzip'), await bytes(BROWSER_ENCODINGS)];
    console.info(`first load, script + style bodies on the wire: ${identity} B uncompressed, ${gzip} B gzip, ${browser} B as Chromium asks (br)`);
    expect(gzip).toBeLessThan(identity / 3);
    expect(browser).toBeLessThan(gzip);
  });
});
