import { Programme } from '../../../shared/protocol/programme';

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
    const programme = Programme.safeParse(value?.programme);
    return typeof value?.rev === 'string' && programme.success ? { rev: value.rev, programme: programme.data } : null;
  } catch {
    return null;
  }
}
