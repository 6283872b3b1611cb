import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { z } from 'zod';
import { LIMITS } from '../../../shared/limits';
import { DomainError } from '../../../shared/protocol/errors';
import { PROTOCOL_VERSION } from '../../../shared/protocol/version';
import type { ScopeDump } from '../../store/store';

/**
 * The backup file: one JSON document, gzip-compressed (a chat record or thousands of ballots shrink five- to
 * tenfold, and gzip's CRC-32 and length trailer refuse a truncated download before anything is read). It says what
 * it is, which event, when it was made and by which protocol version, then the event's whole content as the store
 * dumped it, then a SHA-256 of all that: an edited or cut file is refused as a whole.
 *
 *   {"format":"session-companion-backup","formatVersion":1,"eventId":…,"code":…,"title":…,"madeAt":…,
 *    "protocolVersion":2,"sourceEpoch":…,"dump":{"head":…,"docs":[…],"sets":[…],"counters":[…]},"sha256":…}
 */
export const BACKUP_FORMAT = 'session-companion-backup';
export const BACKUP_FORMAT_VERSION = 1;

const Key = z.string().min(1).max(1_000);

export const BackupHeader = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.literal(BACKUP_FORMAT_VERSION),
  eventId: z.string().min(1).max(200),
  code: z.string().min(1).max(LIMITS.eventCodeMax),
  title: z.string().max(1_000),
  /** ISO 8601, UTC. */
  madeAt: z.iso.datetime(),
  protocolVersion: z.number().int(),
  /** The store's epoch where it was made: an import into that same store lineage takes a new event id. */
  sourceEpoch: z.string().max(200),
});
export type BackupHeader = z.infer<typeof BackupHeader>;

const Dump = z.object({
  head: z.number().int().nonnegative(),
  docs: z.array(z.object({ key: Key, version: z.number().int().positive(), value: z.json() })),
  sets: z.array(z.object({ key: Key, members: z.array(z.string()) })),
  counters: z.array(z.object({ key: Key, fields: z.record(z.string(), z.number().int()) })),
});

export const BackupFile = BackupHeader.extend({ dump: Dump, sha256: z.string().regex(/^[0-9a-f]{64}$/) });
export type BackupFile = z.infer<typeof BackupFile>;

/** The header's fields in their one order: what is written and what the checksum covers. */
function headerText(h: BackupHeader): string {
  const { format, formatVersion, eventId, code, title, madeAt, protocolVersion, sourceEpoch } = h;
  return JSON.stringify({ format, formatVersion, eventId, code, title, madeAt, protocolVersion, sourceEpoch });
}

/**
 * The versions whose backups this one imports: its own, and 2, whose breakout slots were one document each (the
 * import brings them to the current documents: B14, `upgradeStoredSlots`). Anything else is refused: its documents
 * may mean something else.
 */
const READABLE_PROTOCOLS = new Set([2, PROTOCOL_VERSION]);

const SECTIONS = ['docs', 'sets', 'counters'] as const;

/**
 * One section's entries as JSON text. The checksum covers the header and every entry's text: the text the writer
 * wrote, and the text the reader gets back by writing each parsed entry again (JSON.stringify of parsed JSON gives
 * the same text).
 */
function* entryTexts(dump: ScopeDump, section: (typeof SECTIONS)[number]): Generator<string> {
  if (section === 'docs') for (const d of dump.docs) yield JSON.stringify({ key: d.key, version: d.version, value: d.value ?? null });
  if (section === 'sets') for (const s of dump.sets) yield JSON.stringify({ key: s.key, members: s.members });
  if (section === 'counters') for (const c of dump.counters) yield JSON.stringify({ key: c.key, fields: c.fields });
}

function checksum(header: BackupHeader, dump: ScopeDump): string {
  const hash = createHash('sha256').update(headerText(header)).update(`\n${dump.head}\n`);
  for (const section of SECTIONS) {
    for (const text of entryTexts(dump, section)) {
      hash.update(section).update(text).update('\n');
    }
  }
  return hash.digest('hex');
}

/**
 * Writes the backup to `out` (a gzip stream), a piece at a time with the stream's back-pressure, so a large event is
 * never one huge string. Ends `out`.
 */
export async function writeBackup(out: Writable, header: BackupHeader, dump: ScopeDump): Promise<void> {
  const hash = createHash('sha256').update(headerText(header)).update(`\n${dump.head}\n`);
  let pending = `${headerText(header).slice(0, -1)},"dump":{"head":${dump.head}`;
  const flush = async () => {
    if (!out.write(pending)) await once(out, 'drain');
    pending = '';
  };
  for (const section of SECTIONS) {
    pending += `,"${section}":[`;
    let first = true;
    for (const text of entryTexts(dump, section)) {
      hash.update(section).update(text).update('\n');
      pending += (first ? '' : ',') + text;
      first = false;
      if (pending.length >= 64 * 1024) await flush();
    }
    pending += ']';
  }
  pending += `},"sha256":"${hash.digest('hex')}"}\n`;
  await flush();
  out.end();
  await once(out, 'finish');
}

/** A refusal of the file: nothing was changed. */
function invalid(issue: string): DomainError {
  return new DomainError('BAD_REQUEST', `The backup was not imported: ${issue}`, { reason: 'backup.invalidFile', params: { issue } });
}

const gunzip = promisify(zlib.gunzip);

/**
 * Reads an uploaded backup (gzip, or the same JSON unpacked): unpacked within the cap, parsed, checked against the
 * schema and the checksum, and refused unless made by this protocol version. Throws a DomainError saying why.
 */
export async function readBackup(body: Buffer): Promise<BackupFile> {
  let text: string;
  if (body[0] === 0x1f && body[1] === 0x8b) {
    try {
      text = (await gunzip(body, { maxOutputLength: LIMITS.backupMaxUnpackedBytes })).toString('utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
        throw new DomainError('TOO_LARGE', 'The backup is too large once unpacked.', {
          reason: 'backup.tooLarge',
          params: { max: LIMITS.backupMaxUnpackedBytes / 1024 / 1024 },
        });
      throw invalid(`the file is damaged or incomplete (${(error as Error).message})`);
    }
  } else text = body.toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw invalid(`the file is not complete JSON (${(error as Error).message})`);
  }
  const parsed = BackupFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(issue ? `${issue.path.join('.') || 'the file'}: ${issue.message}` : 'not a backup file');
  }
  const file = parsed.data;
  if (!READABLE_PROTOCOLS.has(file.protocolVersion))
    throw new DomainError('BAD_REQUEST', `The backup was made by another version of the app (protocol ${file.protocolVersion}); import it there.`, {
      reason: 'backup.otherVersion',
      params: { version: file.protocolVersion },
    });
  if (checksum(file, file.dump as ScopeDump) !== file.sha256) throw invalid('the file was changed after it was made (its checksum does not match)');
  return file;
}
