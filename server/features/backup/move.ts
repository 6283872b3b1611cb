import { randomUUID } from 'node:crypto';
import { LIMITS } from '../../../shared/limits';
import { DomainError } from '../../../shared/protocol/errors';
import { upgradeStoredSlots } from '../../../shared/domain/breakoutsUpgrade';
import { EventMeta } from '../../../shared/protocol/messages';
import { AgendaState } from '../../../shared/protocol/agenda';
import { AccessState, type LinkRecord } from '../../../shared/protocol/links';
import { PROTOCOL_VERSION } from '../../../shared/protocol/version';
import type { Auth } from '../../core/auth';
import { GLOBAL_SCOPE, KEYS, codeKey } from '../../core/keys';
import type { ScopeDump, Store } from '../../store/store';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, type BackupFile, type BackupHeader } from './format';

/** An event's header and content, read at one instant; null when there is no such event. */
export async function backupOf(store: Store, eventId: string, now: number): Promise<{ header: BackupHeader; dump: ScopeDump } | null> {
  const dump = await store.dump(eventId);
  const meta = dump.docs.find((d) => d.key === KEYS.meta)?.value as EventMeta | undefined;
  if (!meta) return null;
  return {
    header: {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      eventId,
      code: meta.code,
      title: meta.title,
      madeAt: new Date(now).toISOString(),
      protocolVersion: PROTOCOL_VERSION,
      sourceEpoch: store.epoch(),
    },
    dump,
  };
}

export interface Imported {
  eventId: string;
  code: string;
  title: string;
  /** The restored head: the next change is numbered after it. */
  head: number;
  organiserUrl: string;
  attendeeUrl: string;
}

const CODE = /^[A-Za-z0-9][A-Za-z0-9-]*$/;

/** The event's code on this instance: the one asked for, else the file's; a code's letters are matched in any case. */
function codeFor(file: BackupFile, asked: string | undefined): string {
  const code = (asked ?? file.code).trim();
  if (!CODE.test(code) || code.length > LIMITS.eventCodeMax)
    throw new DomainError('BAD_REQUEST', `An event code is letters, digits and hyphens, at most ${LIMITS.eventCodeMax}.`, {
      reason: 'backup.codeInvalid',
      params: { max: LIMITS.eventCodeMax },
    });
  return code;
}

function damaged(issue: string): DomainError {
  return new DomainError('BAD_REQUEST', `The backup was not imported: ${issue}`, { reason: 'backup.invalidFile', params: { issue } });
}

function codeTaken(code: string): DomainError {
  return new DomainError('VERSION_CONFLICT', `Another event of this instance has the code ${code}; import it under another code.`, {
    reason: 'backup.codeTaken',
    params: { code },
  });
}

/**
 * Creates the event of a backup on this store, in one atomic step with its code in the code index (refused when
 * another event has the code). It keeps its event id when this store never had it, so links and attendee sessions
 * signed with the same key go on working; an import into the store it came from (same epoch), or over an id in use,
 * gets a new id. The numbering goes on from the backup's head with an empty change log: every client of this
 * instance starts from a snapshot. Answers the organiser's link, signed here.
 */
export async function importEvent(
  deps: { store: Store; auth: Auth; publicUrl: string; now: () => number },
  file: BackupFile,
  asked?: { code?: string },
): Promise<Imported> {
  const { store } = deps;
  const code = codeFor(file, asked?.code);
  const keys = new Set<string>();
  for (const [section, list] of [
    ['documents', file.dump.docs],
    ['sets', file.dump.sets],
    ['counters', file.dump.counters],
  ] as const) {
    keys.clear();
    for (const { key } of list) {
      if (keys.has(key)) throw damaged(`the ${section} list ${key} twice`);
      keys.add(key);
    }
  }
  const docOf = (key: string) => file.dump.docs.find((d) => d.key === key);
  const meta = EventMeta.safeParse(docOf(KEYS.meta)?.value);
  const agenda = AgendaState.safeParse(docOf(KEYS.agenda)?.value);
  const access = AccessState.safeParse(docOf(KEYS.access)?.value);
  if (!meta.success || !agenda.success || !access.success || meta.data.id !== file.eventId)
    throw damaged("the event's own documents (meta, agenda, access) are missing or damaged");

  const taken = (await store.read(GLOBAL_SCOPE, [codeKey(code)]))[codeKey(code)];
  if (taken) throw codeTaken(code);

  // The organiser's link to hand over: theirs, or a new one when every organiser link was revoked.
  const links = [...access.data.links];
  let organiser: LinkRecord | undefined = links.find((l) => l.role === 'organiser' && l.roomScope === '*' && l.revokedAt === null);
  if (!organiser) {
    organiser = { jti: randomUUID(), role: 'organiser', roomScope: '*', label: 'Organiser', issuedAt: deps.now(), revokedAt: null };
    links.push(organiser);
  }

  // A backup made before the breakout slots were split into small documents restores into the current ones (B14).
  const content = upgradeStoredSlots(file.dump);
  const sameStore = file.sourceEpoch === store.epoch();
  let eventId = sameStore || (await inUse(store, file.eventId)) ? randomUUID() : file.eventId;
  for (let attempt = 0; ; attempt++) {
    const docs = content.docs.map((d) => {
      if (d.key === KEYS.meta) return { ...d, value: { ...meta.data, id: eventId, code } };
      if (d.key === KEYS.access) return { ...d, value: { ...access.data, links } };
      return d;
    });
    const outcome = await store.restore(
      eventId,
      { head: content.head, docs, sets: content.sets, counters: content.counters },
      { scope: GLOBAL_SCOPE, key: codeKey(code), value: { eventId } },
    );
    if (outcome.kind === 'taken') throw codeTaken(code);
    if (outcome.kind === 'restored') break;
    // The id was taken meanwhile (another import of the same file): a new one.
    if (attempt > 0) throw new DomainError('UNAVAILABLE', 'Too many imports at once; please try again.', { reason: 'server.busy' });
    eventId = randomUUID();
  }
  // As the links feature writes a role link's address (features do not import each other).
  const token = await deps.auth.signLink({ eventId, jti: organiser.jti, role: organiser.role, roomScope: organiser.roomScope });
  return {
    eventId,
    code,
    title: meta.data.title,
    head: file.dump.head,
    organiserUrl: `${deps.publicUrl}/e/${encodeURIComponent(code)}/organiser?t=${token}`,
    attendeeUrl: `${deps.publicUrl}/e/${encodeURIComponent(code)}`,
  };
}

async function inUse(store: Store, eventId: string): Promise<boolean> {
  return (await store.head(eventId)) > 0 || !!(await store.read(eventId, [KEYS.meta]))[KEYS.meta];
}
