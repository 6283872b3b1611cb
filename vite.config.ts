import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));

/**
 * The client lives in client/ and is built into dist/client, which the server serves (with an SPA fallback).
 * Vitest reads this file too when there is no vitest.config.ts: `test.root` keeps it finding tests from the
 * repository root rather than from client/.
 */
export default defineConfig({
  root: fileURLToPath(new URL('./client', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/client', import.meta.url)),
    emptyOutDir: true,
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
