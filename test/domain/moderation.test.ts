import { describe, it, expect } from 'vitest';
import {
  anyRoomPaused,
  applyModeration,
  ban,
  banOf,
  mayPause,
  newModeration,
  pause,
  resume,
  suspension,
  unban,
  type ModerationState,
  type RoomsInfo,
} from '../../shared/domain/moderation';
import type { Actor } from '../../shared/domain/actor';
import { BanInput, PauseInput } from '../../shared/protocol/moderation';
import { refusalOf } from './refusal';

const organiser: Actor = { role: 'organiser', id: 'link:org', roomScope: '*' };
const plenaryChair: Actor = { role: 'chair', id: 'link:plen', roomScope: 'plenary' };
const roomAChair: Actor = { role: 'chair', id: 'link:a', roomScope: 'room-a' };
const allRoomsChair: Actor = { role: 'chair', id: 'link:all', roomScope: '*' };
const rapporteur: Actor = { role: 'rapporteur', id: 'link:rap', roomScope: '*' };
const alice: Actor = { role: 'attendee', id: 'alice', roomScope: '*' };

const rooms: RoomsInfo = { plenaryId: 'plenary', names: { plenary: 'Plenary', 'room-a': 'Room A', 'room-b': 'Room B' } };
const at = (actor: Actor, now = 1_000) => ({ actor, now });
const run = (state: ModerationState, events: ReturnType<typeof pause>) => events.reduce(applyModeration, state);

describe('moderation: pausing attendee input', () => {
  it.each([
    ['organiser', organiser, null, true],
    ['organiser', organiser, 'room-a', true],
    ['plenary chair', plenaryChair, null, true],
    ['plenary chair', plenaryChair, 'plenary', true],
    ['plenary chair', plenaryChair, 'room-a', false],
    ['room A chair', roomAChair, null, false],
    ['room A chair', roomAChair, 'room-a', true],
    ['room A chair', roomAChair, 'room-b', false],
    ['all-rooms chair', allRoomsChair, null, true],
    ['rapporteur', rapporteur, 'room-a', false],
    ['attendee', alice, 'room-a', false],
    ['attendee', alice, null, false],
  ] as const)('M1 %s pausing %s: %s', (_who, actor, roomId, allowed) => {
    expect(mayPause(actor, roomId, rooms)).toBe(allowed);
    const refusal = refusalOf(() => pause(newModeration(), { roomId, message: '' }, rooms, at(actor)));
    if (allowed) expect(refusal).toBeNull();
    else expect(refusal).toBe(roomId === null ? 'FORBIDDEN moderation.pauseEventForbidden' : 'FORBIDDEN moderation.pauseRoomForbidden');
  });

  it('M1 no plenary known: only the organiser pauses the event', () => {
    const none: RoomsInfo = { plenaryId: null, names: { 'room-a': 'Room A' } };
    expect(mayPause(allRoomsChair, null, none)).toBe(false);
    expect(mayPause(organiser, null, none)).toBe(true);
  });

  it('M1 an unknown room is NOT_FOUND', () => {
    expect(refusalOf(() => pause(newModeration(), { roomId: 'nowhere', message: '' }, rooms, at(organiser)))).toBe('NOT_FOUND room.notFound');
    expect(refusalOf(() => resume(newModeration(), { roomId: 'nowhere' }, rooms, at(organiser)))).toBe('NOT_FOUND room.notFound');
  });

  it('M2 a pause records its message (empty: none), author and time; pausing again replaces the message', () => {
    let s = run(newModeration(), pause(newModeration(), { roomId: 'room-a', message: '  Back in five minutes ' }, rooms, at(roomAChair, 5)));
    expect(s.pauses.rooms['room-a']).toEqual({ room: 'Room A', message: 'Back in five minutes', at: 5, by: 'link:a' });
    s = run(s, pause(s, { roomId: 'room-a', message: '' }, rooms, at(organiser, 6)));
    expect(s.pauses.rooms['room-a']).toEqual({ room: 'Room A', message: null, at: 6, by: 'link:org' });
    s = run(s, pause(s, { roomId: null, message: 'Technical break' }, rooms, at(organiser, 7)));
    expect(s.pauses.event?.message).toBe('Technical break');
    expect(s.rev).toBe(3);
  });

  it('M2 the message is limited in length by the schema', () => {
    expect(PauseInput.safeParse({ opId: 'op-12345678', roomId: null, message: 'x'.repeat(201) }).success).toBe(false);
    expect(PauseInput.safeParse({ opId: 'op-12345678', roomId: null, message: 'x'.repeat(200) }).success).toBe(true);
  });

  it('M3 resume lifts the pause; resuming what is not paused changes nothing; the event and rooms are separate', () => {
    let s = run(newModeration(), pause(newModeration(), { roomId: null, message: '' }, rooms, at(organiser)));
    s = run(s, pause(s, { roomId: 'room-a', message: '' }, rooms, at(roomAChair)));
    expect(resume(s, { roomId: 'room-b' }, rooms, at(organiser))).toEqual([]);
    s = run(s, resume(s, { roomId: null }, rooms, at(plenaryChair)));
    expect(s.pauses.event).toBeNull();
    expect(Object.keys(s.pauses.rooms)).toEqual(['room-a']);
    expect(resume(s, { roomId: null }, rooms, at(organiser))).toEqual([]);
    expect(refusalOf(() => resume(s, { roomId: 'room-a' }, rooms, at(plenaryChair)))).toBe('FORBIDDEN moderation.pauseRoomForbidden');
    s = run(s, resume(s, { roomId: 'room-a' }, rooms, at(roomAChair)));
    expect(s.pauses).toEqual({ event: null, rooms: {} });
    expect(anyRoomPaused(s.pauses)).toBe(false);
  });

  it('M7 the event pause refuses every attendee action, with or without a room; a room pause only that room; staff never', () => {
    let s = run(newModeration(), pause(newModeration(), { roomId: 'room-a', message: 'Calm down' }, rooms, at(roomAChair)));
    expect(anyRoomPaused(s.pauses)).toBe(true);
    expect(suspension(s.pauses, alice, 'room-a')).toEqual({ reason: 'moderation.roomPaused', params: { room: 'Room A', message: 'Calm down' } });
    expect(suspension(s.pauses, alice, 'room-b')).toBeNull();
    expect(suspension(s.pauses, alice, null)).toBeNull();
    for (const staff of [organiser, roomAChair, rapporteur]) expect(suspension(s.pauses, staff, 'room-a')).toBeNull();
    s = run(s, pause(s, { roomId: null, message: '' }, rooms, at(organiser)));
    for (const room of ['room-a', 'room-b', null])
      expect(suspension(s.pauses, alice, room)).toEqual({ reason: 'moderation.eventPaused', params: { message: '' } });
    for (const staff of [organiser, plenaryChair, rapporteur]) expect(suspension(s.pauses, staff, null)).toBeNull();
  });
});

describe('moderation: bans', () => {
  const banAlice = { attendeeId: 'alice', name: 'Alice', reason: ' Spam ', devices: ['dev-1'], removeMessages: true };

  it.each([
    ['organiser', organiser, null],
    ['chair of any room', roomAChair, null],
    ['rapporteur', rapporteur, 'FORBIDDEN moderation.banForbidden'],
    ['attendee', alice, 'FORBIDDEN moderation.banForbidden'],
  ] as const)('M4 %s banning an attendee: %s', (_who, actor, refusal) => {
    expect(refusalOf(() => ban(newModeration(), banAlice, at(actor)))).toBe(refusal);
    expect(refusalOf(() => unban(newModeration(), { attendeeId: 'alice' }, at(actor)))).toBe(refusal);
  });

  it('M4 staff are not banned; a reason is required by the schema', () => {
    expect(refusalOf(() => ban(newModeration(), { ...banAlice, attendeeId: 'link:xyz' }, at(organiser)))).toBe('BAD_REQUEST moderation.banStaff');
    expect(BanInput.safeParse({ opId: 'op-12345678', attendeeId: 'alice', name: null, reason: '  ', removeMessages: false }).success).toBe(false);
  });

  it('M4 a ban records the reason (trimmed), who and when; banning again keeps the devices seen before and adds new ones', () => {
    let s = run(newModeration(), ban(newModeration(), banAlice, at(roomAChair, 9)));
    expect(s.bans.alice).toEqual({ attendeeId: 'alice', name: 'Alice', reason: 'Spam', at: 9, by: 'link:a', devices: ['dev-1'], removedMessages: true });
    s = run(s, ban(s, { ...banAlice, name: null, reason: 'Abuse', devices: ['dev-2', 'dev-1'], removeMessages: false }, at(organiser, 10)));
    expect(s.bans.alice).toMatchObject({ name: 'Alice', reason: 'Abuse', devices: ['dev-1', 'dev-2'], removedMessages: true });
  });

  it('M5 unban lets the person in again; unbanning someone not banned changes nothing', () => {
    let s = run(newModeration(), ban(newModeration(), banAlice, at(organiser)));
    expect(unban(s, { attendeeId: 'bob' }, at(organiser))).toEqual([]);
    s = run(s, unban(s, { attendeeId: 'alice' }, at(roomAChair)));
    expect(s.bans).toEqual({});
    expect(banOf(s, 'alice', 'dev-1')).toBeNull();
  });

  it('M6 a banned person is known by attendee id, and a new join from a banned device by the device; others are not', () => {
    const s = run(newModeration(), ban(newModeration(), banAlice, at(organiser)));
    expect(banOf(s, 'alice', null)?.reason).toBe('Spam');
    expect(banOf(s, 'a-new-id', 'dev-1')?.attendeeId).toBe('alice');
    expect(banOf(s, 'a-new-id', 'dev-2')).toBeNull();
    expect(banOf(s, 'bob', null)).toBeNull();
  });
});
