import type { Programme } from '../../../shared/protocol/programme';

/**
 * The programme this browser holds, with its revision. The first snapshot carries it; a handshake or a sync names
 * its revision and the snapshot then leaves the programme out (most of a snapshot's bytes). Kept in localStorage so that a
 * reload does not download it again; the revision is a hash of the content, so a stale copy is never used for a
 * newer programme: the server simply sends the new one.
 */
export interface HeldProgramme {
  rev: string;
  programme: Programme;
}

const KEY = 'companion:programme';
let held: HeldProgramme | null | undefined;

export function heldProgramme(): HeldProgramme | null {
  if (held === undefined) held = load();
  return held;
}

export function holdProgramme(next: HeldProgramme | null): void {
  held = next;
  try {
    if (next) localStorage.setItem(KEY, JSON.stringify(next));
    else localStorage.removeItem(KEY);
  } catch {
    // Storage full or blocked: held in memory only.
  }
}

function load(): HeldProgramme | null {
  try {
    const raw = localStorage.getItem(KEY);
    const value = raw ? (JSON.parse(raw) as { rev?: unknown; programme?: unknown }) : null;
    return typeof value?.rev === 'string' && looksLikeProgramme(value.programme) ? { rev: value.rev, programme: value.programme } : null;
  } catch {
    return null;
  }
}

/**
 * Whether a stored copy has the shape the views read: a copy this client wrote from a snapshot, but storage can be
 * edited or damaged, and a broken copy would break the page on every reload. A check by hand rather than the zod
 * schema, which would put zod on the attendee's first load for this alone; the content itself is the server's (the
 * revision names it, and the server sends the whole programme when it differs).
 */
export function looksLikeProgramme(value: unknown): value is Programme {
  return (
    strings(value, 'title', 'timeZone') &&
    validZone(value.timeZone) &&
    listOf(value.days, (d) => strings(d, 'date'), 1) &&
    listOf(value.rooms, (r) => strings(r, 'id', 'name', 'kind'), 1) &&
    listOf(value.hashtags, text) &&
    listOf(
      value.items,
      (i) =>
        strings(i, 'id', 'roomId', 'date', 'start', 'end', 'kind', 'title') &&
        listOf(i.chairs, person) &&
        listOf(i.speakers, person) &&
        (i.rapporteur === undefined || person(i.rapporteur)) &&
        listOf(i.keyTopics, text) &&
        listOf(i.segments, (s) => strings(s, 'title') && listOf(s.people, person) && listOf(s.notes, text)) &&
        typeof i.livePolling === 'boolean',
    )
  );
}

const text = (v: unknown) => typeof v === 'string';
const strings = (v: unknown, ...keys: string[]): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && keys.every((k) => typeof (v as Record<string, unknown>)[k] === 'string');
const person = (v: unknown) => strings(v, 'name');
const listOf = (v: unknown, each: (entry: unknown) => boolean, min = 0) => Array.isArray(v) && v.length >= min && v.every(each);

function validZone(zone: unknown): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone as string });
    return true;
  } catch {
    return false;
  }
}
