import { randomUUID } from 'node:crypto';
import { Redis, type ChainableCommander, type RedisOptions } from 'ioredis';
import { LIMITS } from '../../shared/limits';
import {
  StoreUnavailableError,
  byKey,
  type ChangesSince,
  type CommitInput,
  type CommitOutcome,
  type Doc,
  type RestoreClaim,
  type RestoreOutcome,
  type ScopeDump,
  type Store,
  type StoredChange,
} from './store';

/**
 * Redis implementation. A commit is one Lua script, so the version checks, the writes, the sequence numbers and
 * the operation reply happen atomically for every process sharing this Redis. Keys, per scope S:
 *   {p}S:docs (hash key -> JSON)   {p}S:ver (hash key -> version)   {p}S:seq (counter)
 *   {p}S:log (list of the last changes as JSON)   {p}S:op:<opKey> (reply, with a TTL)   {p}epoch
 *   {p}S:set:<key> (sets)   {p}S:cnt:<key> (hashes of counters)
 * Commands fail fast (no offline queue, a command timeout), so a Redis outage surfaces as UNAVAILABLE.
 */
/** Documents at least this long (as JSON) are kept parsed, by version, and not read again while unchanged. */
const CACHE_MIN_CHARS = 2_048;

const COMMIT = `
local p, epochKey, epoch, opKey = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local ttl, keep = tonumber(ARGV[5]), tonumber(ARGV[6])
local nExpect, nPut, nChanges = tonumber(ARGV[7]), tonumber(ARGV[8]), tonumber(ARGV[9])
local reply = ARGV[10]
local nSetOps, nUnions, nIncr = tonumber(ARGV[11]), tonumber(ARGV[12]), tonumber(ARGV[13])
local nForgetSets, nForgetCounters = tonumber(ARGV[14]), tonumber(ARGV[15])
if redis.call('GET', epochKey) ~= epoch then return {'epoch'} end
if opKey ~= '' then
  local prev = redis.call('GET', p .. 'op:' .. opKey)
  if prev then return {'dup', prev} end
end
local i = 16
-- A conflict returns each stale document as it is now (version and text; a large one without its text), so that
-- the command can decide again without another round trip.
local stale = {'conflict'}
for _ = 1, nExpect do
  local cur = tonumber(redis.call('HGET', p .. 'ver', ARGV[i]) or '0')
  if cur ~= tonumber(ARGV[i + 1]) then
    local text = cur > 0 and redis.call('HGET', p .. 'docs', ARGV[i]) or ''
    if string.len(text) >= ${CACHE_MIN_CHARS} then text = '' end
    stale[#stale + 1] = ARGV[i]
    stale[#stale + 1] = tostring(cur)
    stale[#stale + 1] = text
  end
  i = i + 2
end
if #stale > 1 then return stale end
for _ = 1, nPut do
  redis.call('HSET', p .. 'docs', ARGV[i], ARGV[i + 1])
  redis.call('HINCRBY', p .. 'ver', ARGV[i], 1)
  i = i + 2
end
local out = {'ok', ''}
for _ = 1, nChanges do
  local seq = redis.call('INCR', p .. 'seq')
  local entry = '{"seq":' .. seq .. ',"audience":"' .. ARGV[i] .. '","event":' .. ARGV[i + 1] .. '}'
  redis.call('RPUSH', p .. 'log', entry)
  out[#out + 1] = entry
  i = i + 2
end
if nChanges > 0 then redis.call('LTRIM', p .. 'log', -keep, -1) end
for _ = 1, nSetOps do
  local op, key, member = ARGV[i], p .. 'set:' .. ARGV[i + 1], ARGV[i + 2]
  if op == '+' then redis.call('SADD', key, member) else redis.call('SREM', key, member) end
  i = i + 3
end
for _ = 1, nUnions do
  redis.call('SUNIONSTORE', p .. 'set:' .. ARGV[i], p .. 'set:' .. ARGV[i], p .. 'set:' .. ARGV[i + 1])
  i = i + 2
end
for _ = 1, nIncr do
  -- A counter back at zero is the same as none: removed (an empty hash disappears with its last field).
  if redis.call('HINCRBY', p .. 'cnt:' .. ARGV[i], ARGV[i + 1], ARGV[i + 2]) == 0 then redis.call('HDEL', p .. 'cnt:' .. ARGV[i], ARGV[i + 1]) end
  i = i + 3
end
for _ = 1, nForgetSets do
  redis.call('DEL', p .. 'set:' .. ARGV[i])
  i = i + 1
end
-- Each: the hash, its number of fields, the fields.
for _ = 1, nForgetCounters do
  local key, n = p .. 'cnt:' .. ARGV[i], tonumber(ARGV[i + 1])
  for j = 1, n do redis.call('HDEL', key, ARGV[i + 1 + j]) end
  i = i + 2 + n
end
local head = tonumber(redis.call('GET', p .. 'seq') or '0')
out[2] = tostring(head)
if opKey ~= '' then
  redis.call('SET', p .. 'op:' .. opKey, '{"seq":' .. head .. ',"reply":' .. reply .. '}', 'EX', ttl)
end
return out
`;

const CHANGES_SINCE = `
local p, since = ARGV[1], tonumber(ARGV[2])
local head = tonumber(redis.call('GET', p .. 'seq') or '0')
if since >= head then return {'changes'} end
local len = redis.call('LLEN', p .. 'log')
local first = head - len + 1
if since + 1 < first then return {'gone'} end
local entries = redis.call('LRANGE', p .. 'log', since + 1 - first, -1)
table.insert(entries, 1, 'changes')
return entries
`;

// Reads are scripts too: one command where a MULTI of GETs and HMGETs was six, for the many small reads of a join.
// Each key comes with the version the caller already holds ('' for none): an unchanged document comes back as ''
// instead of its text, so a large one (the programme) is neither sent nor parsed again.
const READ = `
local p = ARGV[1]
local out = { redis.call('GET', ARGV[2]) or '', redis.call('GET', p .. 'seq') or '0' }
for i = 3, #ARGV - 1, 2 do
  local v = redis.call('HGET', p .. 'ver', ARGV[i])
  if v and v == ARGV[i + 1] then out[#out + 1] = '' else out[#out + 1] = redis.call('HGET', p .. 'docs', ARGV[i]) end
  out[#out + 1] = v
end
return out
`;
const CACHE_MAX_DOCS = 256;
/** Documents this process last read or wrote, for commands to decide on (readForCommand): a ballot per voter. */
const SEEN_MAX_DOCS = 20_000;

const SET_SIZES = `
local p, member, withMember = ARGV[1], ARGV[2], ARGV[3] == '1'
local out = {}
for i = 4, #ARGV do
  local key = p .. 'set:' .. ARGV[i]
  out[#out + 1] = redis.call('SCARD', key)
  if withMember then out[#out + 1] = redis.call('SISMEMBER', key, member) end
end
return out
`;

// A dump's first step, atomic: a copy of the scope's documents, versions, sets and counter hashes (found by SCAN
// under the scope's prefix) under a prefix of its own, each with a time to live, and the head. Copying inside Redis
// is quick; the copy is then read a chunk at a time (HSCAN, SSCAN), so Redis is never blocked by one huge reply.
const DUMP_COPY = `
local p, epochKey, epoch, setPattern, cntPattern, copy, ttl = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], tonumber(ARGV[7])
if redis.call('GET', epochKey) ~= epoch then return {'epoch'} end
local copied, seen = {}, {}
local function take(key, suffix)
  if seen[suffix] then return end
  seen[suffix] = true
  redis.call('COPY', key, copy .. suffix)
  redis.call('EXPIRE', copy .. suffix, ttl)
  copied[#copied + 1] = suffix
end
for _, pattern in ipairs({setPattern, cntPattern}) do
  local cursor = '0'
  repeat
    local res = redis.call('SCAN', cursor, 'MATCH', pattern, 'COUNT', 1000)
    cursor = res[1]
    for _, k in ipairs(res[2]) do take(k, string.sub(k, string.len(p) + 1)) end
  until cursor == '0'
end
for _, name in ipairs({'docs', 'ver'}) do
  if redis.call('EXISTS', p .. name) == 1 then take(p .. name, name) end
end
return {'ok', redis.call('GET', p .. 'seq') or '0', copied}
`;

// The last step of a restore: the content was written under a staging prefix (with a time to live, so an abandoned
// one goes away); here, atomically, the scope must not exist, nor the claimed document, and every staged key is
// renamed into place. Before this nothing of the scope is served; after it, all of it.
const RESTORE_FLIP = `
local staging, p, epochKey, epoch, head = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local claimPrefix, claimKey, claimValue, n = ARGV[6], ARGV[7], ARGV[8], tonumber(ARGV[9])
if redis.call('GET', epochKey) ~= epoch then return {'epoch'} end
if redis.call('EXISTS', p .. 'seq', p .. 'docs', p .. 'ver', p .. 'log') > 0 then return {'exists'} end
if claimPrefix ~= '' and redis.call('HEXISTS', claimPrefix .. 'ver', claimKey) == 1 then return {'taken'} end
for i = 10, 9 + n do
  if redis.call('EXISTS', staging .. ARGV[i]) == 0 then return {'lost'} end
end
for i = 10, 9 + n do
  redis.call('RENAME', staging .. ARGV[i], p .. ARGV[i])
  redis.call('PERSIST', p .. ARGV[i])
end
redis.call('SET', p .. 'seq', head)
if claimPrefix ~= '' then
  redis.call('HSET', claimPrefix .. 'docs', claimKey, claimValue)
  redis.call('HSET', claimPrefix .. 'ver', claimKey, 1)
end
return {'ok'}
`;
/** An abandoned restore's staged keys (the process stopped half way) go away after this. */
const STAGING_TTL_SECONDS = 3_600;
/** Members, fields or documents per command while staging a restore. */
const STAGING_CHUNK = 1_000;

export interface RedisStoreOptions {
  url: string;
  prefix?: string;
  commandTimeoutMs?: number;
  changeLogKeep?: number;
}

export class RedisStore implements Store {
  readonly kind = 'redis' as const;
  readonly client: Redis;
  private epochValue = '';
  private readonly prefix: string;
  private readonly keep: number;
  private epochListeners: ((epoch: string) => void)[] = [];

  constructor(private readonly options: RedisStoreOptions) {
    this.prefix = options.prefix ?? 'sc:';
    this.keep = options.changeLogKeep ?? LIMITS.changeLogKeep;
    this.client = new Redis(options.url, redisClientOptions(options.commandTimeoutMs));
    this.client.on('error', () => {
      /* reported through failing commands and /readyz; ioredis reconnects by itself */
    });
    this.client.defineCommand('scCommit', { numberOfKeys: 0, lua: COMMIT });
    this.client.defineCommand('scChangesSince', { numberOfKeys: 0, lua: CHANGES_SINCE });
    this.client.defineCommand('scRead', { numberOfKeys: 0, lua: READ });
    this.client.defineCommand('scSetSizes', { numberOfKeys: 0, lua: SET_SIZES });
    this.client.defineCommand('scDumpCopy', { numberOfKeys: 0, lua: DUMP_COPY });
    this.client.defineCommand('scRestoreFlip', { numberOfKeys: 0, lua: RESTORE_FLIP });
  }

  private epochWatch: NodeJS.Timeout | null = null;

  async open(): Promise<void> {
    await this.call(() => this.client.connect().catch((e: Error) => (e.message.includes('already') ? undefined : Promise.reject(e))));
    await this.loadEpoch();
    // Notices a Redis that came back empty even when nobody writes (then the organiser is told at once).
    this.epochWatch = setInterval(() => void this.checkEpoch().catch(() => undefined), 1000);
    this.epochWatch.unref();
  }

  async close(): Promise<void> {
    if (this.epochWatch) clearInterval(this.epochWatch);
    this.client.disconnect();
  }

  private async checkEpoch(): Promise<void> {
    const current = await this.call(() => this.client.get(this.prefix + 'epoch'));
    if (current !== this.epochValue) await this.loadEpoch();
  }

  epoch(): string {
    return this.epochValue;
  }

  /** Called when the store finds its data gone (Redis wiped or restarted empty) and starts a new epoch. */
  onEpochChange(listener: (epoch: string) => void): void {
    this.epochListeners.push(listener);
  }

  async ping(): Promise<void> {
    await this.call(() => this.client.ping());
  }

  async read(scope: string, keys: string[]): Promise<Record<string, Doc | undefined>> {
    return (await this.readAt(scope, keys)).docs;
  }

  /**
   * What this process last read or wrote of each document, without a round trip: a vote (the poll, the voter's
   * ballot) then costs one command instead of two. A document not seen here comes back absent; a stale one makes
   * the commit conflict, and the command reads again.
   */
  async readForCommand(scope: string, keys: string[]): Promise<Record<string, Doc | undefined>> {
    const docs = byKey<Doc | undefined>();
    for (const k of keys) {
      const cacheKey = `${scope}\u0000${k}`;
      docs[k] = this.seen.get(cacheKey) ?? this.parsed.get(cacheKey);
    }
    return docs;
  }

  async readAt(scope: string, keys: string[], hints = true): Promise<{ seq: number; docs: Record<string, Doc | undefined> }> {
    const args: string[] = [this.scopePrefix(scope), this.prefix + 'epoch'];
    for (const k of keys) args.push(k, hints ? String(this.parsed.get(`${scope}\u0000${k}`)?.version ?? '') : '');
    const res = (await this.call(() => (this.client as unknown as Scripts).scRead(...args))) as (string | null)[];
    if (res[0] !== this.epochValue) {
      // Read from a store that lost its data: not an empty event to show, an outage to report.
      await this.loadEpoch();
      throw new StoreUnavailableError('The store lost its data and started afresh; the event must be set up again.');
    }
    const seq = Number(res[1] ?? 0);
    const docs = byKey<Doc | undefined>();
    let stale = false;
    keys.forEach((k, i) => {
      const text = res[2 + 2 * i];
      const version = Number(res[3 + 2 * i] ?? 0);
      const cacheKey = `${scope}\u0000${k}`;
      if (text == null) {
        docs[k] = undefined;
        this.seen.delete(cacheKey);
      } else if (text === '') {
        const cached = this.parsed.get(cacheKey);
        // Dropped or replaced while the read was on its way (evicted, a new epoch): read it again in full.
        if (cached?.version === version) docs[k] = cached;
        else stale = true;
      } else {
        docs[k] = { version, value: JSON.parse(text) };
        if (text.length >= CACHE_MIN_CHARS) this.remember(cacheKey, docs[k]!);
        else this.see(cacheKey, docs[k]!);
      }
    });
    return stale ? this.readAt(scope, keys, false) : { seq, docs };
  }

  async reply(scope: string, opKey: string): Promise<{ seq: number; reply: unknown } | null> {
    const text = await this.call(() => this.client.get(`${this.scopePrefix(scope)}op:${opKey}`));
    return text ? (JSON.parse(text) as { seq: number; reply: unknown }) : null;
  }

  async head(scope: string): Promise<number> {
    return Number((await this.call(() => this.client.get(this.scopePrefix(scope) + 'seq'))) ?? 0);
  }

  async changesSince(scope: string, seq: number): Promise<ChangesSince> {
    const res = (await this.call(() => (this.client as unknown as Scripts).scChangesSince(this.scopePrefix(scope), String(seq)))) as string[];
    if (res[0] === 'gone') return { kind: 'gone' };
    return { kind: 'changes', changes: res.slice(1).map((e) => JSON.parse(e) as StoredChange) };
  }

  async commit(input: CommitInput): Promise<CommitOutcome> {
    const expect = Object.entries(input.expect);
    const put = Object.entries(input.put);
    const setOps: string[][] = [];
    for (const op of input.sets ?? []) {
      for (const m of op.add ?? []) setOps.push(['+', op.key, m]);
      for (const m of op.remove ?? []) setOps.push(['-', op.key, m]);
    }
    const unions = input.unions ?? [];
    const incr = input.incr ?? [];
    const forgetSets = input.forget?.sets ?? [];
    const forgetCounters = input.forget?.counters ?? [];
    const args: string[] = [
      this.scopePrefix(input.scope),
      this.prefix + 'epoch',
      this.epochValue,
      input.opKey ?? '',
      String(LIMITS.opIdTtlSeconds),
      String(this.keep),
      String(expect.length),
      String(put.length),
      String(input.changes.length),
      JSON.stringify(input.reply ?? null),
      String(setOps.length),
      String(unions.length),
      String(incr.length),
      String(forgetSets.length),
      String(forgetCounters.length),
    ];
    for (const [k, v] of expect) args.push(k, String(v));
    const putTexts = put.map(([k, v]) => [k, JSON.stringify(v ?? null)] as const);
    for (const [k, text] of putTexts) args.push(k, text);
    for (const c of input.changes) args.push(c.audience, JSON.stringify(c.event ?? null));
    for (const op of setOps) args.push(...op);
    for (const u of unions) args.push(u.into, u.from);
    for (const c of incr) args.push(c.key, c.field, String(Math.trunc(c.by)));
    args.push(...forgetSets);
    for (const c of forgetCounters) args.push(c.key, String(c.fields.length), ...c.fields);
    const res = (await this.call(() => (this.client as unknown as Scripts).scCommit(...args))) as string[];
    const scopeKey = (k: string) => `${input.scope}\u0000${k}`;
    switch (res[0]) {
      case 'ok':
        // A document written with its version expected now has the next one; one written blind, an unknown one.
        for (const [k, text] of putTexts) {
          const before = input.expect[k];
          if (before !== undefined && text.length < CACHE_MIN_CHARS) this.see(scopeKey(k), { version: before + 1, value: JSON.parse(text) });
          else this.seen.delete(scopeKey(k));
        }
        return {
          kind: 'committed',
          seq: Number(res[1]),
          changes: res.slice(2).map((e) => JSON.parse(e) as StoredChange),
          reply: JSON.parse(JSON.stringify(input.reply ?? null)),
        };
      case 'dup': {
        const prev = JSON.parse(res[1]!) as { seq: number; reply: unknown };
        return { kind: 'duplicate', seq: prev.seq, reply: prev.reply };
      }
      case 'conflict': {
        // The stale documents as they are now: commands decide on them next (readForCommand), without a read.
        // A large one came without its text: it is read again. The documents that were not stale are current.
        let current = true;
        for (let j = 1; j + 2 < res.length; j += 3) {
          const [k, version, text] = [res[j]!, Number(res[j + 1]), res[j + 2]!];
          this.parsed.delete(scopeKey(k));
          if (text) this.see(scopeKey(k), { version, value: JSON.parse(text) });
          else {
            this.seen.delete(scopeKey(k));
            current = false;
          }
        }
        return { kind: 'conflict', key: res[1]!, current };
      }
      default:
        // The epoch key is gone: Redis lost its data. Nothing was written; start a new epoch and say so.
        await this.loadEpoch();
        throw new StoreUnavailableError('The store lost its data and started afresh; the event must be set up again.');
    }
  }

  async sets(scope: string, keys: string[], member?: string): Promise<{ size: number; has: boolean }[]> {
    if (keys.length === 0) return [];
    const res = (await this.call(() =>
      (this.client as unknown as Scripts).scSetSizes(this.scopePrefix(scope), member ?? '', member !== undefined ? '1' : '0', ...keys),
    )) as number[];
    const step = member !== undefined ? 2 : 1;
    return keys.map((_, i) => ({ size: Number(res[i * step]), has: member !== undefined && Number(res[i * step + 1]) === 1 }));
  }

  async members(scope: string, key: string): Promise<string[]> {
    return this.call(() => this.client.smembers(this.scopePrefix(scope) + 'set:' + key));
  }

  async counters(scope: string, key: string): Promise<Record<string, number>> {
    const raw = await this.call(() => this.client.hgetall(this.scopePrefix(scope) + 'cnt:' + key));
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Number(v)]));
  }

  async dump(scope: string): Promise<ScopeDump> {
    const p = this.scopePrefix(scope);
    const glob = p.replace(/[*?[\]\\]/g, '\\$&');
    const copy = `${this.prefix}_dump:${randomUUID()}:`;
    const res = (await this.call(() =>
      (this.client as unknown as Scripts).scDumpCopy(
        p,
        this.prefix + 'epoch',
        this.epochValue,
        `${glob}set:*`,
        `${glob}cnt:*`,
        copy,
        String(STAGING_TTL_SECONDS),
      ),
    )) as [string, string, string[]];
    if (res[0] !== 'ok') {
      await this.loadEpoch();
      throw new StoreUnavailableError('The store lost its data and started afresh; the event must be set up again.');
    }
    try {
      const copied = res[2];
      const hash = async (suffix: string) => {
        const out = new Map<string, string>();
        let cursor = '0';
        do {
          const [next, flat] = await this.call(() => this.client.hscan(copy + suffix, cursor, 'COUNT', STAGING_CHUNK));
          for (let i = 0; i + 1 < flat.length; i += 2) out.set(flat[i]!, flat[i + 1]!);
          cursor = next;
        } while (cursor !== '0');
        return out;
      };
      const set = async (suffix: string) => {
        const out = new Set<string>();
        let cursor = '0';
        do {
          const [next, members] = await this.call(() => this.client.sscan(copy + suffix, cursor, 'COUNT', STAGING_CHUNK));
          for (const m of members) out.add(m);
          cursor = next;
        } while (cursor !== '0');
        return [...out];
      };
      const versions = copied.includes('ver') ? await hash('ver') : new Map<string, string>();
      const docs: ScopeDump['docs'] = [];
      if (copied.includes('docs'))
        for (const [key, text] of await hash('docs')) docs.push({ key, version: Number(versions.get(key) ?? 1), value: JSON.parse(text) });
      const sets: ScopeDump['sets'] = [];
      const counters: ScopeDump['counters'] = [];
      for (const suffix of copied) {
        if (suffix.startsWith('set:')) sets.push({ key: suffix.slice(4), members: await set(suffix) });
        else if (suffix.startsWith('cnt:'))
          counters.push({ key: suffix.slice(4), fields: Object.fromEntries([...(await hash(suffix))].map(([f, n]) => [f, Number(n)])) });
      }
      return { head: Number(res[1]), docs, sets, counters };
    } finally {
      if (res[2].length) await this.call(() => this.client.unlink(...res[2].map((suffix) => copy + suffix))).catch(() => undefined);
    }
  }

  async restore(scope: string, dump: ScopeDump, claim?: RestoreClaim): Promise<RestoreOutcome> {
    const p = this.scopePrefix(scope);
    // Staged under a prefix no event uses, each key with a time to live; nothing reads there.
    const staging = `${this.prefix}_restore:${randomUUID()}:`;
    const staged: string[] = [];
    const writes: (() => Promise<unknown>)[] = [];
    // Each write with its time to live, atomically: a process stopped half way leaves nothing for ever.
    const stage = (suffix: string, write: (m: ChainableCommander, key: string) => ChainableCommander) =>
      write(this.client.multi(), staging + suffix)
        .expire(staging + suffix, STAGING_TTL_SECONDS)
        .exec()
        .then((results) => {
          const failed = results?.find(([error]) => error);
          if (!results || failed) throw failed?.[0] ?? new Error('a staged write was not applied');
        });
    for (let i = 0; i < dump.docs.length; i += STAGING_CHUNK) {
      const chunk = dump.docs.slice(i, i + STAGING_CHUNK);
      writes.push(() => stage('docs', (m, key) => m.hset(key, ...chunk.flatMap((d) => [d.key, JSON.stringify(d.value ?? null)]))));
      writes.push(() => stage('ver', (m, key) => m.hset(key, ...chunk.flatMap((d) => [d.key, String(d.version)]))));
    }
    if (dump.docs.length) staged.push('docs', 'ver');
    for (const set of dump.sets) {
      if (!set.members.length) continue;
      staged.push('set:' + set.key);
      for (let i = 0; i < set.members.length; i += STAGING_CHUNK) {
        const chunk = set.members.slice(i, i + STAGING_CHUNK);
        writes.push(() => stage('set:' + set.key, (m, key) => m.sadd(key, ...chunk)));
      }
    }
    for (const hash of dump.counters) {
      const fields = Object.entries(hash.fields).filter(([, n]) => n !== 0);
      if (!fields.length) continue;
      staged.push('cnt:' + hash.key);
      for (let i = 0; i < fields.length; i += STAGING_CHUNK) {
        const chunk = fields.slice(i, i + STAGING_CHUNK);
        writes.push(() => stage('cnt:' + hash.key, (m, key) => m.hset(key, ...chunk.flatMap(([f, n]) => [f, String(Math.trunc(n))]))));
      }
    }
    // A few at a time: large events are written in bounded steps, each within the command timeout.
    for (let i = 0; i < writes.length; i += 16) await this.call(() => Promise.all(writes.slice(i, i + 16).map((w) => w())));
    const claimPrefix = claim ? this.scopePrefix(claim.scope) : '';
    const res = (await this.call(() =>
      (this.client as unknown as Scripts).scRestoreFlip(
        staging,
        p,
        this.prefix + 'epoch',
        this.epochValue,
        String(dump.head),
        claimPrefix,
        claim?.key ?? '',
        JSON.stringify(claim?.value ?? null),
        String(staged.length),
        ...staged,
      ),
    )) as string[];
    if (res[0] !== 'ok' && staged.length) await this.call(() => this.client.unlink(...staged.map((k) => staging + k))).catch(() => undefined);
    switch (res[0]) {
      case 'ok':
        // Nothing of this scope can be cached (it did not exist), but a process never serves a guess.
        for (const cache of [this.parsed, this.seen]) for (const k of [...cache.keys()]) if (k.startsWith(`${scope}\u0000`)) cache.delete(k);
        return { kind: 'restored', head: dump.head };
      case 'exists':
        return { kind: 'exists' };
      case 'taken':
        return { kind: 'taken', key: claim!.key };
      case 'lost':
        throw new StoreUnavailableError('The restore was interrupted (its staged data expired or was lost); nothing was written.');
      default:
        await this.loadEpoch();
        throw new StoreUnavailableError('The store lost its data and started afresh; nothing was restored.');
    }
  }

  private async loadEpoch(): Promise<void> {
    const key = this.prefix + 'epoch';
    const before = this.epochValue;
    await this.call(() => this.client.set(key, randomUUID(), 'NX'));
    this.epochValue = (await this.call(() => this.client.get(key))) ?? '';
    if (before && before !== this.epochValue) {
      // Versions start again in a new epoch: nothing cached from the old one may pass for current.
      this.parsed.clear();
      this.seen.clear();
      for (const l of this.epochListeners) l(this.epochValue);
    }
  }

  /** Large parsed documents by scope and key. Readers never change a value they are given (as with the embedded store). */
  private parsed = new Map<string, Doc>();

  private remember(cacheKey: string, doc: Doc): void {
    this.parsed.delete(cacheKey);
    this.parsed.set(cacheKey, doc);
    if (this.parsed.size > CACHE_MAX_DOCS) this.parsed.delete(this.parsed.keys().next().value!);
  }

  /** Small documents by scope and key as this process last read or wrote them (see readForCommand). */
  private seen = new Map<string, Doc>();

  private see(cacheKey: string, doc: Doc): void {
    this.seen.delete(cacheKey);
    this.seen.set(cacheKey, doc);
    if (this.seen.size > SEEN_MAX_DOCS) this.seen.delete(this.seen.keys().next().value!);
  }

  private scopePrefix(scope: string): string {
    return `${this.prefix}${scope}:`;
  }

  private timeouts = 0;

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      const result = await fn();
      this.timeouts = 0;
      return result;
    } catch (error) {
      // A half-open connection never errors, it only times out: after two timeouts in a row, start afresh.
      if (/timed out/i.test((error as Error).message) && ++this.timeouts >= 2) {
        this.timeouts = 0;
        this.client.disconnect(true);
      }
      throw new StoreUnavailableError(`Redis did not answer: ${(error as Error).message}`, { cause: error });
    }
  }

  /**
   * Drops the scope's change log and operation replies (one key each, found by a SCAN of the scope's own `op:`
   * keys), keeping its `seq`. Redis's append-only file, when on, still holds the old commands until its next
   * rewrite: one is asked for (best effort: a managed Redis may refuse it), see docs/PRIVACY.md.
   */
  async forgetHistory(scope: string): Promise<void> {
    const p = this.scopePrefix(scope);
    const pattern = `${p.replace(/[*?[\]\\]/g, '\\$&')}op:*`;
    let cursor = '0';
    do {
      const [next, keys] = await this.call(() => this.client.scan(cursor, 'MATCH', pattern, 'COUNT', 1000));
      if (keys.length) await this.call(() => this.client.unlink(...keys));
      cursor = next;
    } while (cursor !== '0');
    await this.call(() => this.client.unlink(p + 'log'));
    const persistence = await this.client.info('persistence').catch(() => '');
    if (/aof_enabled:1/.test(persistence)) await this.client.bgrewriteaof().catch(() => undefined);
  }

  /**
   * Every scope's documents are the hashes `{p}S:docs` and `{p}S:ver`: found by a SCAN of `*:ver`, a thousand keys a
   * step. A dump's copies and a restore's staging (`{p}_dump:<uuid>:ver`) are not scopes; a name with a colon may be
   * a set or counter whose own key ends in `:ver`, so it counts only with its `docs` hash beside it.
   */
  async scopeNames(): Promise<string[]> {
    const pattern = `${this.prefix.replace(/[*?[\]\\]/g, '\\$&')}*:ver`;
    const names = new Set<string>();
    let cursor = '0';
    do {
      const [next, keys] = await this.call(() => this.client.scan(cursor, 'MATCH', pattern, 'COUNT', 1000));
      for (const key of keys) {
        const name = key.slice(this.prefix.length, -':ver'.length);
        if (!name || name.startsWith('_dump:') || name.startsWith('_restore:')) continue;
        if (name.includes(':') && (await this.call(() => this.client.type(`${this.prefix}${name}:docs`))) !== 'hash') continue;
        names.add(name);
      }
      cursor = next;
    } while (cursor !== '0');
    return [...names];
  }
}

interface Scripts {
  scCommit(...args: string[]): Promise<unknown>;
  scChangesSince(...args: string[]): Promise<unknown>;
  scRead(...args: string[]): Promise<unknown>;
  scSetSizes(...args: string[]): Promise<unknown>;
  scDumpCopy(...args: string[]): Promise<unknown>;
  scRestoreFlip(...args: string[]): Promise<unknown>;
}

/** Shared by the store and the Socket.IO adapter's clients: fail fast instead of queueing while Redis is away. */
export function redisClientOptions(commandTimeoutMs = 2_000): RedisOptions {
  return {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: commandTimeoutMs,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 100, 1_000),
    // Commands issued in one turn of the event loop leave in one write: under load, one system call per command
    // was the largest cost of a join on Redis.
    enableAutoPipelining: true,
  };
}
