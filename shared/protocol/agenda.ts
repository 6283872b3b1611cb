import { z } from 'zod';
import { Programme } from './programme';
import { Id, OpId, request } from './common';

/** The agenda: the programme and, per room, the item live now. */

export const LiveItem = z.object({ itemId: z.string().nullable(), since: z.number() });
export const AgendaState = z.object({ programme: Programme, live: z.record(z.string(), LiveItem) });
export type AgendaState = z.infer<typeof AgendaState>;

export const AgendaEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('agenda.liveSet'), roomId: z.string(), itemId: z.string().nullable(), at: z.number() }),
  z.object({ type: z.literal('agenda.programmeReplaced'), programme: Programme, at: z.number() }),
]);
export type AgendaEvent = z.infer<typeof AgendaEvent>;

export const SetLive = z.object({ opId: OpId, roomId: Id, itemId: Id.nullable() });
export type SetLive = z.infer<typeof SetLive>;

export const AGENDA_REQUESTS = {
  'agenda:setLive': request(SetLive).returns(),
};
