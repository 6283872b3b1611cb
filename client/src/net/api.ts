import type { Failure } from '../../../shared/protocol/errors';

/** The few HTTP calls: event lookup and the organiser's programme import. Errors come back as Failure. */

export type EventInfo = { id: string; code: string; title: string };
export type ImportFailure = Failure & { issues?: string[] };

const OFFLINE: Failure = { ok: false, code: 'UNAVAILABLE', message: 'The server cannot be reached. Check your connection and try again.' };

async function call<T extends object>(url: string, init?: RequestInit): Promise<({ ok: true } & T) | (Failure & Record<string, unknown>)> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, headers: { Accept: 'application/json', ...init?.headers } });
  } catch {
    return OFFLINE;
  }
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // Not JSON (a proxy's error page): answered below by status.
  }
  if (body && typeof body === 'object' && 'ok' in body) return body as ({ ok: true } & T) | Failure;
  if (res.ok) return { ok: false, code: 'INTERNAL', message: 'The server sent an unexpected answer.' };
  return res.status === 404
    ? { ok: false, code: 'NOT_FOUND', message: 'Not found.' }
    : { ok: false, code: res.status >= 500 ? 'UNAVAILABLE' : 'BAD_REQUEST', message: `The server answered ${res.status}.` };
}

export function lookupEvent(code: string) {
  return call<EventInfo>(`/api/events/by-code/${encodeURIComponent(code)}`);
}

export async function importProgramme(eventId: string, organiserToken: string, programme: unknown, opId: string) {
  const reply = await call<{ seq: number; items: number }>(`/api/events/${encodeURIComponent(eventId)}/programme`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${organiserToken}`, 'Idempotency-Key': opId },
    body: JSON.stringify(programme),
  });
  if (reply.ok) return reply;
  const issues = Array.isArray(reply.issues) ? reply.issues.filter((i): i is string => typeof i === 'string') : undefined;
  return { ok: false as const, code: reply.code, message: reply.message, ...(issues ? { issues } : {}) } satisfies ImportFailure;
}

export const icsUrl = (eventId: string) => `/api/events/${encodeURIComponent(eventId)}/programme.ics`;
