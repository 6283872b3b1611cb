import type { Failure } from '../../../shared/protocol/errors';
import { clientFailure } from '../lib/failures';

/** The few HTTP calls: event lookup and the organiser's programme import. Errors come back as Failure. */

export type EventInfo = { id: string; code: string; title: string };
export type ImportFailure = Failure & { issues?: string[] };

const OFFLINE: Failure = clientFailure('UNAVAILABLE', { reason: 'net.unreachable' });

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
  if (res.ok) return clientFailure('INTERNAL', { reason: 'net.unexpectedAnswer' });
  return res.status === 404
    ? clientFailure('NOT_FOUND', { reason: 'net.notFound' })
    : clientFailure(res.status >= 500 ? 'UNAVAILABLE' : 'BAD_REQUEST', { reason: 'net.httpStatus', params: { status: res.status } });
}

export function lookupEvent(code: string) {
  return call<EventInfo>(`/api/events/by-code/${encodeURIComponent(code)}`);
}

export async function importProgramme(eventId: string, organiserToken: string, programme: unknown, opId: string) {
  const reply = await call<{ seq: number; items: number; cleared: { liveRooms: number }; detachedPolls: number }>(
    `/api/events/${encodeURIComponent(eventId)}/programme`,
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${organiserToken}`, 'Idempotency-Key': opId },
      body: JSON.stringify(programme),
    },
  );
  if (reply.ok) return reply;
  const issues = Array.isArray(reply.issues) ? reply.issues.filter((i): i is string => typeof i === 'string') : undefined;
  const { code, message, reason, params } = reply;
  return {
    ok: false as const,
    code,
    message,
    ...(reason ? { reason } : {}),
    ...(params ? { params } : {}),
    ...(issues ? { issues } : {}),
  } satisfies ImportFailure;
}

/** The programme's calendar; `language` words its few labels (the server falls back to Accept-Language, then English). */
export const icsUrl = (eventId: string, language?: string) =>
  `/api/events/${encodeURIComponent(eventId)}/programme.ics${language ? `?lang=${encodeURIComponent(language)}` : ''}`;
