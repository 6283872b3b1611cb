import type express from 'express';
import type { Logger } from 'pino';
import type { Redis } from 'ioredis';
import type { Actor } from '../../shared/domain/actor';
import type { FeatureSnapshots, LiveCounts, LiveTotals } from '../../shared/protocol/messages';
import type { ReplaceKey } from '../../shared/protocol/changes';
import type { Store } from '../store/store';
import type { AppSocket, Gate, Handlers } from '../realtime/router';

export type { Gate };
import type { IO } from '../realtime/channels';
import type { Auth } from './auth';
import type { Service } from './service';
import type { PastMessageRemover } from './removal';
import type { PersonalData } from './personal';

/**
 * A feature of the product (agenda, links, Q&A, polls; chat and breakouts next) as the server sees it: everything
 * it adds lives in its folder under `server/features/`, and `server/features/index.ts` lists them. The
 * infrastructure (the socket router, the welcome and catch-up, the live stream, the HTTP app) loops over that list
 * and never imports a feature.
 */
export interface ServerFeature {
  name: string;
  /** Its socket events: the wire contract (`REQUESTS`) says which exist and parses their payloads first. */
  handlers?: (deps: FeatureDeps) => Partial<Handlers>;
  /** Its HTTP routes (exports, imports). */
  routes?: (deps: FeatureDeps) => express.Router;
  /** Its part of every snapshot. */
  snapshot?: { [K in keyof FeatureSnapshots]: SnapshotPart<K> }[keyof FeatureSnapshots];
  /** Totals too frequent to be numbered changes (votes, upvotes): the live stream sends those that moved. */
  totals?: { [K in keyof LiveTotals]-?: LiveTotalsPart<K> }[keyof LiveTotals];
  /** Admits or refuses connections and requests before any handler runs (moderation: pauses and bans). */
  gate?: (deps: FeatureDeps) => Gate;
  /** What a ban with "remove their past messages" takes off this feature's lists (questions, chat messages...). */
  pastMessages?: PastMessageRemover;
  /** Told of this process's connections as they come and go (the overview counts attendees); stopped with the app. */
  connections?: (deps: FeatureDeps) => ConnectionWatcher;
  /** The names and texts it keeps about people: an attendee's download and delete, and the event's erase (docs/PRIVACY.md). */
  personalData?: PersonalData;
  /** Its changes that a later one voids for a client that gets both at once (a slot's seats): `compactChanges`. */
  replaceKey?: ReplaceKey;
  /**
   * Brings an event's documents stored in an earlier form to the current one, before the app serves (at start, for
   * every event in the store): safe with several processes starting together. Answers how many it upgraded.
   */
  upgrade?: (store: Store, eventId: string) => Promise<number>;
}

/** The features' replace keys as one (a change belongs to one feature: the first that names a key). */
export function replaceKeyOf(features: readonly ServerFeature[]): ReplaceKey {
  const keys = features.flatMap((f) => (f.replaceKey ? [f.replaceKey] : []));
  return (event) => {
    for (const key of keys) {
      const k = key(event);
      if (k) return k;
    }
    return null;
  };
}

/** Sees every connection of this process open and close (in memory: it is called on every connection). */
export interface ConnectionWatcher {
  connected(socket: AppSocket): void;
  disconnected(socket: AppSocket): void;
  stop(): void;
}

/** What a feature's handlers and routes are built with, once per app. */
export interface FeatureDeps {
  service: Service;
  store: Store;
  io: IO;
  auth: Auth;
  log: Logger;
  now: () => number;
  publicUrl: string;
  /** Broadcasts reach other processes (the Redis adapter is set), so a channel's members may be elsewhere. */
  crossProcess: boolean;
  /** With Redis: per-person limits hold across processes. */
  redis: Redis | null;
  /** Per-address budgets a minute (Q23; chat messages: per the chat's 10-s window); `shared/limits.ts` when not given. */
  addressBudgets?: { questions: number; upvotes: number; votes: number; chatMessages?: number };
  /** Every feature's remover of a banned person's past messages (the features' `pastMessages`). */
  pastMessageRemovers: readonly PastMessageRemover[];
  /** How often each process writes its attendance counts (ms); the overview's default when not given. */
  attendanceFlushMs?: number;
  /** The instance's admin token (`ADMIN_TOKEN`): the bearer of an event's import; null or absent, none is taken. */
  adminToken?: string | null;
  /** Every feature's personal data (the features' `personalData`), for the privacy feature. */
  personalData: readonly PersonalData[];
}

/** A feature's part of a snapshot, under `key`. */
export interface SnapshotPart<K extends keyof FeatureSnapshots, Shared = unknown> {
  key: K;
  /**
   * The documents every person's part is made from, read once per sequence number and shared by the snapshots at
   * it (see `realtime/sync.ts`). Only documents whose every write is a numbered change may be read here.
   */
  readShared(store: Store, eventId: string, roomIds: string[]): Promise<Shared>;
  /** One person's part: what they may see of the shared documents, with their own counters and choices. */
  forPerson(store: Store, eventId: string, shared: Shared, actor: Actor): Promise<FeatureSnapshots[K]>;
}

/**
 * Totals kept in counters and sets, not in numbered changes. Every write of one raises the item's field in the
 * `ticks` counter in its own commit, so "moved since the last message" is exact and a client keeps the newest.
 */
export interface LiveTotalsPart<K extends keyof LiveTotals> {
  /** Its key in a `live` message. */
  key: K;
  ticks: string;
  /** The totals of the items whose tick moved: what staff get, and what attendees may see. */
  read(store: Store, eventId: string, ids: string[]): Promise<{ staff: NonNullable<LiveTotals[K]>; attendees: NonNullable<LiveTotals[K]> }>;
  /** A catch-up's current totals for one person, with their own marks (another tab may have changed them). */
  catchUp(store: Store, eventId: string, actor: Actor): Promise<Partial<LiveCounts>>;
}
