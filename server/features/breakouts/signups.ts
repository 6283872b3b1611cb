import express from 'express';
import { fail } from '../../../shared/protocol/errors';
import type { AgendaState } from '../../../shared/protocol/agenda';
import type { ChoiceRecord, SlotSignups, SlotState } from '../../../shared/protocol/breakouts';
import { breakoutSlots, signupsOf } from '../../../shared/domain/breakouts';
import type { Store } from '../../store/store';
import { isRevoked } from '../../../shared/domain/access';
import { isoIn } from '../../../shared/time';
import { TokenError } from '../../core/auth';
import { KEYS } from '../../core/keys';
import type { FeatureDeps } from '../../core/feature';
import { toFailure } from '../../realtime/router';
import { wordsIn, wordsOf, type Words } from '../../http/language';
import { BREAKOUTS } from './keys';
import { csvText } from '../../../shared/domain/csv';

/**
 * The sign-ups of every breakout as CSV, for the organiser to pre-assign Zoom breakout rooms: one row per person
 * with a place, then per person waiting (in line order), headers in the organiser's language.
 */
export function signupsRouter(deps: FeatureDeps): express.Router {
  const r = express.Router();
  r.get('/api/events/:id/breakouts/signups.csv', async (req, res) => {
    try {
      const principal = await deps.auth.verify((req.headers.authorization ?? '').replace(/^Bearer\s+/i, ''));
      if (principal.kind !== 'link' || principal.eventId !== req.params.id || principal.role !== 'organiser')
        return void res.status(403).json(fail('FORBIDDEN', 'Only the organiser can download the sign-ups.', { reason: 'breakouts.organiserOnly' }));
      const access = await deps.service.accessOf(principal.eventId);
      if (!access || isRevoked(access, principal.jti))
        return void res.status(401).json(fail('UNAUTHORIZED', 'This link was revoked by the organiser.', { reason: 'link.revoked' }));
      const agenda = (await deps.store.read(req.params.id, [KEYS.agenda]))[KEYS.agenda]?.value as AgendaState | undefined;
      if (!agenda) return void res.status(404).json(fail('NOT_FOUND', 'There is no such event.', { reason: 'event.notFound' }));
      const choices = await readSignups(deps.store, req.params.id, agenda);
      res
        .type('text/csv; charset=utf-8')
        .attachment('breakout-signups.csv')
        .send(signupsCsv(agenda, choices, wordsOf(req)));
    } catch (error) {
      if (error instanceof TokenError) return void res.status(401).json(error.toFailure());
      const failure = toFailure(error, deps.log, { route: 'breakout-signups-csv' });
      res.status(failure.code === 'UNAVAILABLE' ? 503 : 500).json(failure);
    }
  });
  return r;
}

/**
 * Every slot's sign-up lists: its state (the waiting lists), the members of its breakouts' holder sets, and their
 * choice records (the name and since when).
 */
export async function readSignups(store: Store, eventId: string, agenda: AgendaState): Promise<SlotSignups[]> {
  const slots = breakoutSlots(agenda.programme);
  if (!slots.length) return [];
  const states = await store.read(
    eventId,
    slots.map((s) => BREAKOUTS.slot(s.id)),
  );
  const lists: SlotSignups[] = [];
  for (const slot of slots) {
    const state = states[BREAKOUTS.slot(slot.id)]?.value as SlotState | undefined;
    if (!state) continue;
    const roomIds = slot.breakouts.map((b) => b.room.id);
    const members = await Promise.all(roomIds.map((r) => store.members(eventId, BREAKOUTS.holders(slot.id, r))));
    const ids = [...new Set(members.flat())];
    const records = ids.length
      ? await store.read(
          eventId,
          ids.map((id) => BREAKOUTS.mine(slot.id, id)),
        )
      : {};
    lists.push(
      signupsOf(
        state,
        Object.fromEntries(roomIds.map((r, i) => [r, members[i]!])),
        (id) => records[BREAKOUTS.mine(slot.id, id)]?.value as ChoiceRecord | undefined,
      ),
    );
  }
  return lists;
}

export function signupsCsv(agenda: AgendaState, choices: SlotSignups[], words: Words = wordsIn('en')): string {
  const { t } = words;
  const zone = agenda.programme.timeZone;
  const bySlot = new Map(choices.map((c) => [c.slotId, c]));
  const rows: (string | number | null)[][] = [
    [
      t('breakoutsConsole.csvSlot'),
      t('breakoutsConsole.csvRoom'),
      t('breakoutsConsole.csvSession'),
      t('breakoutsConsole.csvStatus'),
      t('breakoutsConsole.csvPosition'),
      t('breakoutsConsole.csvName'),
      t('breakoutsConsole.csvSince'),
    ],
  ];
  for (const slot of breakoutSlots(agenda.programme)) {
    const c = bySlot.get(slot.id);
    for (const b of slot.breakouts) {
      const when = `${slot.date} ${slot.start}`;
      (c?.places[b.room.id] ?? []).forEach((s, i) =>
        rows.push([when, b.room.name, b.item.title, t('breakoutsConsole.csvPlaced'), i + 1, s.name ?? t('breakoutsConsole.csvNoName'), isoIn(s.at, zone)]),
      );
      (c?.waiting[b.room.id] ?? []).forEach((s, i) =>
        rows.push([when, b.room.name, b.item.title, t('breakoutsConsole.csvWaiting'), i + 1, s.name ?? t('breakoutsConsole.csvNoName'), isoIn(s.at, zone)]),
      );
    }
  }
  // UTF-8 with a byte-order mark, so Excel reads the names' accents; one writer for every CSV (N7).
  return '\uFEFF' + csvText(rows.map((row) => row.map((cell) => (cell === null ? '' : String(cell)))));
}
