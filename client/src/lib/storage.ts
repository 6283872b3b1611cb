/**
 * What survives a reload, per event code: the attendee's session token (so a reload returns to the event without
 * asking again) and the room they follow. localStorage may be unavailable (a locked-down webview): then nothing
 * is kept and the app still works.
 */

export interface StoredJoin {
  token: string;
  eventId: string;
  attendeeId: string;
  name: string | null;
}

const joinKey = (code: string) => `companion:join:${code.toUpperCase()}`;
const prefsKey = (code: string) => `companion:prefs:${code.toUpperCase()}`;

function read(key: string): unknown {
  try {
    const raw = localStorage.getItem(key);
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
}

function write(key: string, value: unknown): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or blocked: not fatal.
  }
}

export function loadJoin(code: string): StoredJoin | null {
  const v = read(joinKey(code));
  if (!v || typeof v !== 'object') return null;
  const j = v as Partial<StoredJoin>;
  if (typeof j.token !== 'string' || typeof j.eventId !== 'string' || typeof j.attendeeId !== 'string') return null;
  return { token: j.token, eventId: j.eventId, attendeeId: j.attendeeId, name: typeof j.name === 'string' ? j.name : null };
}

export function saveJoin(code: string, join: StoredJoin): void {
  write(joinKey(code), join);
}

export function forgetJoin(code: string): void {
  write(joinKey(code), null);
}

const deviceKey = 'companion:device';

/**
 * A random id this browser keeps and sends with every connection: a ban remembers the ids of the banned person's
 * browsers, so that joining again from one of them is refused. A fresh browser profile (or cleared storage) gets a
 * new id: this keeps out the casual return, not a determined one. Without storage, a new id per page load.
 */
export function deviceId(): string {
  const kept = read(deviceKey);
  if (typeof kept === 'string' && /^[\w-]{8,64}$/.test(kept)) return kept;
  const made = typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  write(deviceKey, made);
  return made;
}

export interface Prefs {
  room?: string;
  day?: string;
}

export function loadPrefs(code: string): Prefs {
  const v = read(prefsKey(code));
  if (!v || typeof v !== 'object') return {};
  const p = v as Record<string, unknown>;
  return { ...(typeof p.room === 'string' ? { room: p.room } : {}), ...(typeof p.day === 'string' ? { day: p.day } : {}) };
}

export function savePrefs(code: string, prefs: Prefs): void {
  write(prefsKey(code), prefs);
}
