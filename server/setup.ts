import { randomUUID } from 'node:crypto';
import { Programme } from '../shared/protocol/programme';
import { createAgenda } from '../shared/domain/agenda';
import type { EventMeta } from '../shared/protocol/messages';
import type { AccessState, LinkRecord } from '../shared/protocol/links';
import { GLOBAL_SCOPE, KEYS, codeKey } from './core/keys';
import { PollDraft, type Poll } from '../shared/protocol/polls';
import { POLLS } from './features/polls/keys';
import { DEMO_POLLS } from './seed/demo-polls';
import demoProgramme from './seed/microcredentials-2023.json';
import type { Store } from './store/store';

export const DEMO_EVENT = { id: 'mc2023', code: 'MC2023' } as const;

/** The links an event starts with: the organiser's, a chair per room, a rapporteur per breakout. */
export function initialLinks(programme: Programme, now: number): LinkRecord[] {
  const link = (role: LinkRecord['role'], roomScope: string, label: string): LinkRecord => ({
    jti: randomUUID(),
    role,
    roomScope,
    label,
    issuedAt: now,
    revokedAt: null,
  });
  return [
    link('organiser', '*', 'Organiser'),
    ...programme.rooms.map((r) => link('chair', r.id, `Chair · ${r.name}`)),
    ...programme.rooms.filter((r) => r.kind === 'breakout').map((r) => link('rapporteur', r.id, `Rapporteur · ${r.name}`)),
  ];
}

/**
 * Creates the event unless it exists (several processes may race here: the version check lets one win),
 * then points its code at it.
 */
export async function ensureEvent(
  store: Store,
  input: { id: string; code: string; programme: Programme; now: number; polls?: (PollDraft & { id: string })[] },
): Promise<'created' | 'existed'> {
  const meta: EventMeta = { id: input.id, code: input.code, title: input.programme.title, createdAt: input.now };
  const access: AccessState = { links: initialLinks(input.programme, input.now) };
  const polls: Poll[] = (input.polls ?? []).map(({ id, ...draft }) => ({
    id,
    ...draft,
    status: 'draft',
    revealed: false,
    showAnswers: false,
    openedAt: null,
    closedAt: null,
    createdAt: input.now,
    rev: 0,
  }));
  const created = await store.commit({
    scope: input.id,
    opKey: null,
    expect: { [KEYS.meta]: 0 },
    put: {
      [KEYS.meta]: meta,
      [KEYS.agenda]: createAgenda(input.programme),
      [KEYS.access]: access,
      ...Object.fromEntries(polls.map((p) => [POLLS.poll(p.id), p])),
    },
    sets: polls.length ? [{ key: POLLS.ids, add: polls.map((p) => p.id) }] : [],
    changes: [],
    reply: null,
  });
  const index = await store.commit({
    scope: GLOBAL_SCOPE,
    opKey: null,
    expect: { [codeKey(input.code)]: 0 },
    put: { [codeKey(input.code)]: { eventId: input.id } },
    changes: [],
    reply: null,
  });
  if (index.kind === 'conflict') {
    const owner = (await store.read(GLOBAL_SCOPE, [codeKey(input.code)]))[codeKey(input.code)]?.value as { eventId: string } | undefined;
    if (owner?.eventId !== input.id) throw new Error(`The event code ${input.code} belongs to another event.`);
  }
  return created.kind === 'committed' ? 'created' : 'existed';
}

/** The demo's prepared polls, validated like any chair's draft. */
export function demoPolls(): (PollDraft & { id: string })[] {
  return DEMO_POLLS.map(({ id, ...draft }) => ({ id, ...PollDraft.parse(draft) }));
}

/** The demo's programme, validated; part of the server's bundle (the file is imported, not read at run time). */
export function loadDemoProgramme(): Programme {
  return Programme.parse(demoProgramme);
}
