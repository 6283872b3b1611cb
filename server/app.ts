import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import expressStaticGzip from 'express-static-gzip';
import helmet from 'helmet';
import { Server } from 'socket.io';
import { pino, type Logger } from 'pino';
import type { Redis } from 'ioredis';
import { LIMITS } from '../shared/limits';
import { fail } from '../shared/protocol/errors';
import { createAuth } from './core/auth';
import { createAdmission } from './core/admission';
import { createNameRules } from './core/names';
import { createMetrics } from './core/metrics';
import { createService } from './core/service';
import type { Config } from './core/config';
import { replaceKeyOf, type FeatureDeps } from './core/feature';
import { welcomeParser } from './realtime/encoder';
import { apiRouter, bodyErrors, metricsEndpoint } from './http/api';
import { CONNECTIONS_CHECKING_INTERVAL_MS, guardConnections } from './http/guard';
import { joinEndpoint } from './http/join';
import type { IO } from './realtime/channels';
import { attachSockets } from './realtime/sockets';
import { LiveOutbox, type Outbox } from './realtime/outbox';
import { NaiveOutbox } from './realtime/naive-outbox';
import type { TotalsPart } from './realtime/batch';
import { FEATURES } from './features';
import type { Store } from './store/store';

export interface Clock {
  now(): number;
}

export interface AppDeps {
  store: Store;
  clock: Clock;
  config: Config;
  log?: Logger;
  /** Set with Redis: the Socket.IO adapter that carries broadcasts between processes, and a ping for /readyz. */
  adapter?: Parameters<IO['adapter']>[0];
  redisPing?: () => Promise<unknown>;
  /** With Redis: per-person rate limits hold across processes. */
  redis?: Redis;
  /** Off only for the benchmark's naive scenario: one broadcast per change, vote and upvote. */
  coalesce?: boolean;
  /**
   * On only in the live fan-out's test, which checks the path of a socket that is not a plain WebSocket: the
   * product refuses long-polling (the client speaks WebSocket only; docs/SECURITY.md).
   */
  longPolling?: boolean;
}

/** Builds the HTTP server, Express and Socket.IO around the given store and clock, without listening. */
export function createApp(deps: AppDeps) {
  const { store, clock, config } = deps;
  const log = deps.log ?? pino({ level: config.logLevel });
  const now = () => clock.now();
  const auth = createAuth(config.sessionSecret);
  const metrics = createMetrics();

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        // The app's own websocket; 'self' covers ws(s) to the same host in current browsers, listed for older ones.
        connectSrc: ["'self'", ...wsOrigins(config.publicUrl)],
        frameAncestors: config.frameAncestors,
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        // Only behind https: on plain http (a laptop, a LAN) it would send the page's own requests to https.
        upgradeInsecureRequests: config.publicUrl.startsWith('https:') ? [] : null,
      },
    },
    // Zoom's side panel frames the app: frame-ancestors above decides who may, so no X-Frame-Options.
    xFrameOptions: false,
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    referrerPolicy: { policy: 'same-origin' },
  });
  app.use(securityHeaders);

  let join: ((req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>) | null = null;
  const server = http.createServer({ connectionsCheckingInterval: CONNECTIONS_CHECKING_INTERVAL_MS }, (req, res) => {
    if (join && req.method === 'POST' && (req.url ?? '').split('?')[0] === '/api/join') {
      return void join(req, res).catch((error: Error) => {
        log.error({ err: error }, 'join failed unexpectedly');
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(fail('INTERNAL', 'Something went wrong on our side; please try again.', { reason: 'server.internal' })));
      });
    }
    app(req, res);
  });
  guardConnections(server, config.connections, (why) => metrics.refusedConnections.inc({ reason: why }));
  const io: IO = new Server(server, {
    maxHttpBufferSize: LIMITS.socketMaxBytes,
    parser: welcomeParser,
    // WebSocket only, as the client connects: long-polling would be a second way in, with its own limits to keep.
    transports: deps.longPolling ? ['polling', 'websocket'] : ['websocket'],
    pingInterval: 10_000,
    pingTimeout: 8_000,
    // Browsers always send Origin: a foreign one is refused. Non-browser clients (no Origin) still need a token, or
    // join as any visitor of the event's page can (the per-address join budget applies).
    allowRequest: (req, callback) => {
      const origin = req.headers.origin;
      const allowed = !origin || config.allowedOrigins.includes(origin);
      if (!allowed) {
        metrics.refusedConnections.inc({ reason: 'origin' });
        log.warn({ origin }, 'handshake from a foreign origin refused');
      }
      callback(allowed ? null : 'origin not allowed', allowed);
    },
  });
  if (deps.adapter) io.adapter(deps.adapter);

  const parts: TotalsPart[] = FEATURES.flatMap((f) => (f.totals ? [f.totals] : []));
  const naive = deps.coalesce === false ? new NaiveOutbox({ io, store, log, parts }) : null;
  const replaceKey = replaceKeyOf(FEATURES);
  const outbox: Outbox = naive ?? new LiveOutbox({ io, store, log, parts, replaceKey, intervalMs: config.liveTickMs });
  const service = createService({ store, log, onCommit: naive?.changed });
  const admission = createAdmission({ auth, service, names: createNameRules(store, now), joinsPerAddressPerMinute: config.joinsPerAddressPerMinute });
  join = joinEndpoint({ admission, service, log }, headersOf(securityHeaders));
  const featureDeps: FeatureDeps = {
    service,
    store,
    io,
    auth,
    log,
    now,
    publicUrl: config.publicUrl,
    crossProcess: !!deps.adapter,
    redis: deps.redis ?? null,
    addressBudgets: config.addressBudgets,
    pastMessageRemovers: FEATURES.flatMap((f) => (f.pastMessages ? [f.pastMessages] : [])),
    attendanceFlushMs: config.attendanceFlushMs,
    adminToken: config.adminToken,
    personalData: FEATURES.flatMap((f) => (f.personalData ? [f.personalData] : [])),
  };
  const sockets = attachSockets({ io, auth, admission, service, metrics, log, outbox, features: FEATURES, featureDeps });

  // A Redis that comes back empty: every connected person is told, and the organiser sees it in their view.
  if ('onEpochChange' in store && typeof store.onEpochChange === 'function') {
    (store as { onEpochChange(l: (epoch: string) => void): void }).onEpochChange(() => {
      io.emit('notice', {
        code: 'DATA_LOST',
        message: 'The data store was reset and the event data is gone. The organiser must set the event up again; nothing shown before is being changed.',
      });
    });
  }

  /**
   * A graceful stop (SIGTERM, rolling restart): no new connections, events already taken are answered and
   * written, pending counts and tallies are sent, then every socket is told and closed so clients reconnect
   * elsewhere and catch up by sequence number.
   */
  async function shutdown(): Promise<void> {
    const closed = new Promise((resolve) => server.close(resolve));
    await sockets.drain();
    await outbox.flush();
    io.emit('notice', { code: 'RESTARTING', message: 'The server is restarting; reconnecting…' });
    io.disconnectSockets(true);
    io.close();
    await closed;
  }
  server.on('close', () => {
    outbox.stop();
    sockets.stop();
  });
  app.use(
    apiRouter({
      service,
      store,
      metrics,
      log,
      redisPing: deps.redisPing ?? null,
      publicUrl: config.publicUrl,
      metricsToken: config.metricsAddr ? null : config.metricsToken,
    }),
  );
  // Metrics on their own address (METRICS_ADDR), for the monitoring only; the caller listens.
  const metricsServer = config.metricsAddr ? http.createServer(metricsEndpoint(metrics, config.metricsToken)) : null;
  for (const feature of FEATURES) if (feature.routes) app.use(feature.routes(featureDeps));
  app.use(bodyErrors);

  if (config.clientDir && fs.existsSync(path.join(config.clientDir, 'index.html'))) serveClient(app, config.clientDir);

  return { app, server, metricsServer, io, service, auth, metrics, log, shutdown };
}
export type App = ReturnType<typeof createApp>;

/**
 * Every feature's upgrade of documents stored in an earlier form (`ServerFeature.upgrade`), for every event in the
 * store: run once the store is open, before the app serves. Says how many it upgraded, when any.
 */
export async function upgradeStored(store: Store, log: Logger): Promise<void> {
  const upgrades = FEATURES.flatMap((f) => (f.upgrade ? [{ feature: f.name, upgrade: f.upgrade }] : []));
  if (!upgrades.length) return;
  const scopes = await store.scopeNames();
  for (const { feature, upgrade } of upgrades) {
    let upgraded = 0;
    for (const scope of scopes) upgraded += await upgrade(store, scope);
    if (upgraded > 0) log.info({ feature, upgraded }, 'documents stored in an earlier form upgraded');
  }
}

/**
 * The built client (vite.config.ts). A file is sent as the build's brotli or gzip copy when the browser accepts
 * one (`Vary: Accept-Encoding`), else as it is. Files under assets/ are named by their content's hash: browsers
 * keep them a year without asking again. The rest (the page, the favicon) is revalidated on every load, so a deploy
 * is picked up at once; a tab left open across one is refused by the protocol version check and asks for a reload.
 */
const SUBRESOURCE = /\.(?:js|css)(?:\.br|\.gz)?$/;
const DOCUMENT_ONLY_HEADERS = [
  'Content-Security-Policy',
  'Cross-Origin-Opener-Policy',
  'Origin-Agent-Cluster',
  'X-DNS-Prefetch-Control',
  'X-Download-Options',
  'X-Permitted-Cross-Domain-Policies',
  'X-XSS-Protection',
];

function serveClient(app: express.Express, clientDir: string): void {
  const index = path.join(clientDir, 'index.html');
  const hashed = path.join(clientDir, 'assets') + path.sep;
  app.use(
    expressStaticGzip(clientDir, {
      enableBrotli: true,
      orderPreference: ['br'],
      index: false,
      serveStatic: {
        index: false,
        cacheControl: false,
        setHeaders: (res, file) => {
          res.setHeader('Cache-Control', file.startsWith(hashed) ? 'public, max-age=31536000, immutable' : 'no-cache');
          // A script or a style sheet is not a document: the headers that only a document reads (its CSP, its
          // opener and agent-cluster policies, old IE and Flash switches) do nothing here but cost ~600 bytes a
          // response on the attendee's first load. nosniff, CORP, HSTS and Referrer-Policy stay.
          if (SUBRESOURCE.test(file)) for (const header of DOCUMENT_ONLY_HEADERS) res.removeHeader(header);
        },
      },
    }),
  );
  // A hashed name that is not there (asked for by a page of another build) is a 404, not the page under its name.
  app.use('/assets', (_req, res) => void res.status(404).set('Cache-Control', 'no-store').type('text/plain').send('Not found'));
  // Client-side routes (/, /e/CODE, /e/CODE/chair...) all load the one page.
  app.get(/^\/(?!api\/|socket\.io\/).*/, (_req, res) => res.sendFile(index, { cacheControl: false, headers: { 'Cache-Control': 'no-cache' } }));
}

/** The headers a middleware sets on every response (Helmet's are static), for routes served ahead of Express. */
function headersOf(middleware: (req: http.IncomingMessage, res: http.ServerResponse, next: (err?: unknown) => void) => void): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (k: string, v: string) => void (headers[k.toLowerCase()] = String(v)),
    removeHeader: (k: string) => void delete headers[k.toLowerCase()],
  };
  middleware({ headers: {} } as http.IncomingMessage, res as unknown as http.ServerResponse, () => undefined);
  return headers;
}

function wsOrigins(publicUrl: string): string[] {
  const u = new URL(publicUrl);
  return [`${u.protocol === 'https:' ? 'wss' : 'ws'}://${u.host}`];
}
