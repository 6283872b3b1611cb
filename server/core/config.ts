import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { LIMITS } from '../../shared/limits';
import type { ConnectionLimits } from '../http/guard';

export interface Config {
  port: number;
  host: string;
  /** The address people open; links and QR codes use it. */
  publicUrl: string;
  dataDir: string;
  redisUrl: string | null;
  sessionSecret: Uint8Array;
  /** Origins allowed to open a Socket.IO connection (browsers send Origin; a foreign one is refused). */
  allowedOrigins: string[];
  /** Who may frame the app (the Zoom side panel). */
  frameAncestors: string[];
  logLevel: string;
  loadDemo: boolean;
  /** Joins per address per minute; a whole company behind one NAT address may join at once. */
  joinsPerAddressPerMinute: number;
  /** Questions, upvotes and votes per address and event a minute (Q23); a load test from one address raises them. */
  addressBudgets: { questions: number; upvotes: number; votes: number; chatMessages: number };
  /** How many recent changes the store keeps for catch-up (older gaps get a snapshot). */
  changeLogKeep: number;
  /** How often the live stream sends what changed (ms). */
  liveTickMs: number;
  /** Where the built client is; absent in tests that need no pages. */
  clientDir: string | null;
  /** Silent connections, slow request heads and connections per address (server/http/guard.ts). */
  connections: ConnectionLimits;
  /** `/metrics` is served to this bearer token only (null: not on the public port). */
  metricsToken: string | null;
  /** `/metrics` is served on this separate address (`host:port`), e.g. an interface only the monitoring reaches. */
  metricsAddr: { host: string; port: number } | null;
  /** How often each process writes its attendance counts for the organiser's figures (ms). */
  attendanceFlushMs: number;
  /** Who may import an event from a backup (`Authorization: Bearer <token>`); null: this instance takes no imports. */
  adminToken: string | null;
}

/** Reads the environment. Every variable is listed in the README's table. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  const host = env.HOST ?? '0.0.0.0';
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, '');
  const dataDir = path.resolve(env.DATA_DIR ?? './data');
  const redisUrl = env.REDIS_URL || null;
  return {
    port,
    host,
    publicUrl,
    dataDir,
    redisUrl,
    sessionSecret: sessionSecret(env.SESSION_SECRET, redisUrl, dataDir),
    allowedOrigins: env.ALLOWED_ORIGINS
      ? env.ALLOWED_ORIGINS.split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [new URL(publicUrl).origin, `http://localhost:${port}`, `http://127.0.0.1:${port}`],
    frameAncestors: (env.FRAME_ANCESTORS ?? "'self' https://*.zoom.us https://zoom.us").split(/[\s,]+/).filter(Boolean),
    logLevel: env.LOG_LEVEL ?? 'info',
    loadDemo: env.DEMO !== 'off',
    joinsPerAddressPerMinute: Number(env.JOINS_PER_ADDRESS_PER_MINUTE ?? LIMITS.joinsPerAddressPerMinute),
    addressBudgets: {
      questions: Number(env.QUESTIONS_PER_ADDRESS_PER_MINUTE ?? LIMITS.questionsPerAddressPerMinute),
      upvotes: Number(env.UPVOTES_PER_ADDRESS_PER_MINUTE ?? LIMITS.upvotesPerAddressPerMinute),
      votes: Number(env.VOTES_PER_ADDRESS_PER_MINUTE ?? LIMITS.votesPerAddressPerMinute),
      // Chat messages per address within the chat's rate window (10 s), not a minute.
      chatMessages: Number(env.CHAT_MESSAGES_PER_ADDRESS ?? LIMITS.chatMessagesPerAddress),
    },
    changeLogKeep: Number(env.CHANGE_LOG_KEEP ?? LIMITS.changeLogKeep),
    liveTickMs: liveTickMs(env.LIVE_TICK_MS),
    clientDir: path.resolve(env.CLIENT_DIR ?? 'dist/client'),
    connections: {
      firstByteTimeoutMs: milliseconds('FIRST_BYTE_TIMEOUT_MS', env.FIRST_BYTE_TIMEOUT_MS, 5_000),
      headersTimeoutMs: milliseconds('HEADERS_TIMEOUT_MS', env.HEADERS_TIMEOUT_MS, 10_000),
      connectionsPerAddress: Number(env.CONNECTIONS_PER_ADDRESS ?? 1_000),
      capExempt: (env.CONNECTION_CAP_EXEMPT ?? 'loopback').split(/[\s,]+/).filter(Boolean),
    },
    metricsToken: metricsToken(env.METRICS_TOKEN),
    metricsAddr: metricsAddr(env.METRICS_ADDR),
    attendanceFlushMs: attendanceFlushMs(env.ATTENDANCE_FLUSH_MS),
    adminToken: adminToken(env.ADMIN_TOKEN),
  };
}

/** A timeout of a few seconds: under one lets a slow but honest line fail, over a minute lets an attacker hold on. */
function milliseconds(name: string, given: string | undefined, fallback: number): number {
  const ms = Number(given ?? fallback);
  if (!Number.isInteger(ms) || ms < 500 || ms > 60_000) throw new Error(`${name} must be a whole number of milliseconds from 500 to 60000.`);
  return ms;
}

function metricsToken(given: string | undefined): string | null {
  if (!given) return null;
  if (given.length < 16) throw new Error('METRICS_TOKEN must be at least 16 characters.');
  return given;
}

function adminToken(given: string | undefined): string | null {
  if (!given) return null;
  if (given.length < 24) throw new Error('ADMIN_TOKEN must be at least 24 characters.');
  return given;
}

function metricsAddr(given: string | undefined): { host: string; port: number } | null {
  if (!given) return null;
  const match = /^(.*):(\d+)$/.exec(given);
  if (!match) throw new Error('METRICS_ADDR must be host:port, e.g. 127.0.0.1:9100.');
  return { host: match[1]!.replace(/^\[|\]$/g, '') || '0.0.0.0', port: Number(match[2]) };
}

/** Between a tenth of a second (tests) and a minute: each write is one small document per process and event. */
function attendanceFlushMs(given: string | undefined): number {
  const ms = Number(given ?? 5_000);
  if (!Number.isInteger(ms) || ms < 100 || ms > 60_000) throw new Error('ATTENDANCE_FLUSH_MS must be a whole number of milliseconds from 100 to 60000.');
  return ms;
}

/** Between a twentieth of a second and two seconds: shorter floods the clients, longer is no longer live. */
function liveTickMs(given: string | undefined): number {
  const ms = Number(given ?? LIMITS.flushIntervalMs);
  if (!Number.isInteger(ms) || ms < 50 || ms > 2_000) throw new Error('LIVE_TICK_MS must be a whole number of milliseconds from 50 to 2000.');
  return ms;
}

/**
 * The key that signs attendee tokens and role links. Several processes must share it, so with Redis it has to be
 * given; embedded, one is made on first start and kept in the data folder so that links survive restarts.
 */
function sessionSecret(given: string | undefined, redisUrl: string | null, dataDir: string): Uint8Array {
  if (given) {
    if (given.length < 32) throw new Error('SESSION_SECRET must be at least 32 characters.');
    return new TextEncoder().encode(given);
  }
  if (redisUrl) throw new Error('SESSION_SECRET is required with REDIS_URL: every process must sign with the same key.');
  const file = path.join(dataDir, 'session-secret');
  fs.mkdirSync(dataDir, { recursive: true });
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  return new TextEncoder().encode(fs.readFileSync(file, 'utf8').trim());
}
