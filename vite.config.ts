import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { compileMessageOrThrow } from '@lingui/message-utils/compileMessage';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));

const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|map|txt|xml|webmanifest|wasm)$/;
const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * Brotli and gzip copies of the built client, made once at build time: `NAME.br` (quality 11) and `NAME.gz`
 * (level 9) beside every text file of 1 KB or more, each kept only when smaller than the file. The server sends
 * the one the browser accepts (express-static-gzip in server/app.ts), else the file itself.
 *
 * A step of `vite build` itself, so every way of building makes them: `npm run build`, `npm start`, the
 * Dockerfile, and the bare `npx vite build` before the tests. node:zlib does the work: no dependency, and the
 * highest levels cost a second or two once per build rather than on every response.
 */
function precompress(): Plugin {
  let dir = '';
  return {
    name: 'companion:precompress',
    apply: 'build',
    configResolved(config) {
      dir = path.resolve(config.root, config.build.outDir);
    },
    async closeBundle(error?: Error) {
      if (error) return;
      const files = (await fs.readdir(dir, { recursive: true, withFileTypes: true }))
        .filter((e) => e.isFile() && COMPRESSIBLE.test(e.name))
        .map((e) => path.join(e.parentPath, e.name));
      await Promise.all(
        files.map(async (file) => {
          const data = await fs.readFile(file);
          if (data.length < 1024) return;
          const [br, gz] = await Promise.all([
            brotli(data, {
              params: {
                [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
                [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
                [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
              },
            }),
            gzip(data, { level: zlib.constants.Z_BEST_COMPRESSION }),
          ]);
          if (br.length < data.length) await fs.writeFile(`${file}.br`, br);
          if (gz.length < data.length) await fs.writeFile(`${file}.gz`, gz);
        }),
      );
    },
  };
}

const CATALOGUE_FILE = /[\\/]shared[\\/]locales[\\/][^\\/]+[\\/][^\\/]+\.json$/;

/**
 * The language catalogues (`shared/locales/<language>/<feature>.json`, ICU messages) compiled at build time
 * into the token arrays Lingui's runtime reads, so the browser gets no message parser. A message that does not
 * parse fails the build (and the dev server) with its file and key.
 */
function catalogues(): Plugin {
  return {
    name: 'companion:catalogues',
    enforce: 'pre',
    transform(code, id) {
      if (!CATALOGUE_FILE.test(id)) return null;
      const source = JSON.parse(code) as Record<string, string>;
      const compiled: Record<string, unknown> = {};
      for (const [key, message] of Object.entries(source)) {
        try {
          compiled[key] = compileMessageOrThrow(message);
        } catch (error) {
          this.error(`${id}: "${key}" is not a valid ICU message: ${(error as Error).message}`);
        }
      }
      return { code: JSON.stringify(compiled), map: null };
    },
  };
}

/**
 * Socket.IO's client bundles every transport it knows (HTTP long-polling over XHR, WebTransport, WebSocket) in one
 * table that its engine imports, so none is left out by tree-shaking. The app connects over WebSocket only
 * (`transports: ['websocket']` in client/src/net/connection.ts): in the browser build, that table is replaced by one
 * with the WebSocket transport alone, about 2 kB brotli less on the attendee's first load. The server and the tests'
 * Node clients use the package as it is.
 */
function websocketOnly(): Plugin {
  const id = '\0companion:engine.io-transports';
  const xhrId = '\0companion:engine.io-xhr';
  let websocket = '';
  return {
    name: 'companion:websocket-only',
    apply: 'build',
    enforce: 'pre',
    resolveId(source, importer) {
      // The package's index re-exports the XHR transport, whose module registers an unload handler when loaded:
      // that side effect kept it in the bundle although nothing uses it. A stand-in that cannot be constructed.
      if (/^\.\/transports\/polling-xhr(\.node)?\.js$/.test(source) && importer && /[\\/]engine\.io-client[\\/]build[\\/]esm[\\/]index\.js$/.test(importer))
        return xhrId;
      if (source !== './transports/index.js' || !importer || !/[\\/]engine\.io-client[\\/]build[\\/]esm[\\/](socket|index)\.js$/.test(importer)) return null;
      websocket = path.join(path.dirname(importer), 'transports', 'websocket.js');
      return id;
    },
    load(loading) {
      if (loading === xhrId) return `export class XHR { constructor() { throw new Error('long-polling is not used'); } }\n`;
      if (loading !== id) return null;
      return `import { WS } from ${JSON.stringify(websocket)};\nexport const transports = { websocket: WS };\n`;
    },
  };
}

/**
 * The client lives in client/ and is built into dist/client, which the server serves (with an SPA fallback).
 * Vitest reads this file too when there is no vitest.config.ts: `test.root` keeps it finding tests from the
 * repository root rather than from client/.
 */
export default defineConfig({
  root: fileURLToPath(new URL('./client', import.meta.url)),
  plugins: [catalogues(), react(), websocketOnly(), precompress()],
  resolve: {
    alias: { 'use-sync-external-store/shim': fileURLToPath(new URL('./client/src/i18n/useSyncExternalStore.ts', import.meta.url)) },
  },
  build: {
    outDir: fileURLToPath(new URL('./dist/client', import.meta.url)),
    emptyOutDir: true,
    // Every file under assets/ is named by its content's hash: the server lets browsers keep them a year (server/app.ts).
    assetsDir: 'assets',
    rolldownOptions: {
      output: {
        codeSplitting: {
          // Every module the first page needs in one chunk beside the entry: left to itself, the bundler splits
          // the modules the entry shares with lazy chunks (the limits, React's JSX runtime, the store) into
          // chunks of their own, and each costs the first load a request and about 1 kB of response headers.
          groups: [{ name: 'first', tags: ['$initial'] }],
        },
      },
    },
  },
  server: {
    // `vite` (dev) beside `npm run dev` (the API on :3000). Set ALLOWED_ORIGINS to include http://localhost:5173.
    proxy: {
      '/api': 'http://localhost:3000',
      '/socket.io': { target: 'http://localhost:3000', ws: true },
    },
  },
  test: {
    root: repoRoot,
  },
});
