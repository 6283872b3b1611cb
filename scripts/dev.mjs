// `npm run dev`: the API from the TypeScript sources (tsx watch, restarted on every change) beside Vite's dev server
// (hot reload, http://localhost:5173), whose proxy sends /api and /socket.io to the API on :3000 (vite.config.ts).
//
// The browser opens the page from Vite's origin, and the proxy passes that Origin on with the WebSocket upgrade, so
// the server's allowlist must name it: unless ALLOWED_ORIGINS is set, it is set here to Vite's origin and the API's
// own. PUBLIC_URL defaults to Vite's origin, so the links and QR codes the server prints open the hot-reloading app.
import { concurrently } from 'concurrently';

const VITE = 'http://localhost:5173';
const port = process.env.PORT ?? '3000';
if (port !== '3000') console.warn(`PORT=${port}: Vite's proxy (vite.config.ts) still sends /api and /socket.io to :3000.`);

const publicUrl = process.env.PUBLIC_URL ?? VITE;
const allowedOrigins =
  process.env.ALLOWED_ORIGINS ??
  [...new Set([new URL(publicUrl).origin, VITE, 'http://127.0.0.1:5173', `http://localhost:${port}`, `http://127.0.0.1:${port}`])].join(',');

const { result } = concurrently(
  [
    { name: 'api', command: 'tsx watch server/index.ts', env: { PUBLIC_URL: publicUrl, ALLOWED_ORIGINS: allowedOrigins }, prefixColor: 'blue' },
    // --strictPort: on another port the origin above would be wrong; better to stop and say so.
    { name: 'web', command: 'vite --strictPort', prefixColor: 'magenta' },
  ],
  { killOthersOn: ['failure', 'success'], prefix: 'name' },
);

result.then(
  () => process.exit(0),
  () => process.exit(1),
);
