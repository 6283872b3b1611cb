import { call, opId, type ClientSocket } from './app';

/** The demo programme's one breakout slot (22 June 2023, 11:45). */
export const SLOT = '2023-06-22-1145';

export interface RaceResult {
  placed: { index: number; attendeeId: string }[];
  waiting: { index: number; attendeeId: string }[];
}

/**
 * Every socket chooses `roomId` at once. A choice answered UNAVAILABLE (too many conflicting writes) is sent again
 * with the same operation id, as the app does; any other refusal fails.
 */
export async function raceForPlaces(sockets: ClientSocket[], roomId: string): Promise<RaceResult> {
  const result: RaceResult = { placed: [], waiting: [] };
  await Promise.all(
    sockets.map(async (s, index) => {
      const id = opId();
      for (let attempt = 0; ; attempt++) {
        const reply = await call(s, 'breakouts:choose', { opId: id, slotId: SLOT, roomId });
        if (reply.ok) {
          const me = (s.auth as { token?: string }).token ?? '';
          const attendeeId = JSON.parse(Buffer.from(me.split('.')[1] ?? '', 'base64url').toString() || '{}').sub ?? '';
          result[reply.outcome as 'placed' | 'waiting'].push({ index, attendeeId });
          return;
        }
        if (reply.code !== 'UNAVAILABLE' || attempt > 5) throw new Error(`choice refused: ${JSON.stringify(reply)}`);
      }
    }),
  );
  return result;
}
