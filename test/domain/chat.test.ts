import { describe, it, expect } from 'vitest';
import {
  activeMute,
  applyChat,
  applyReactionCounts,
  approve,
  audienceOfMessage,
  badgeOf,
  canSeeMessage,
  checkReaction,
  cleanChatText,
  emptyChat,
  moveToQuestion,
  mute,
  newAttendeeChat,
  newRoomChat,
  oldestKept,
  pageFor,
  pageOfId,
  pageView,
  pin,
  post,
  remove,
  setEventSettings,
  setRoomSettings,
  slowModeWait,
  textParts,
  withOlder,
  type AttendeeChat,
  type ChatPage,
} from '../../shared/domain/chat';
import { isProfane } from '../../shared/domain/profanity';
import { LIMITS } from '../../shared/limits';
import { refusalOf, thrown } from './refusal';
import type { Actor } from '../../shared/domain/actor';
import { MuteAttendee, type ChatMessage, type RoomChat, type WritePolicy } from '../../shared/protocol/chat';

const alice: Actor = { role: 'attendee', id: 'alice', roomScope: '*' };
const bob: Actor = { role: 'attendee', id: 'bob', roomScope: '*' };
const chair: Actor = { role: 'chair', id: 'link:c', roomScope: 'plenary' };
const otherChair: Actor = { role: 'chair', id: 'link:c2', roomScope: 'breakout-1' };
const organiser: Actor = { role: 'organiser', id: 'link:o', roomScope: '*' };
const rapporteur: Actor = { role: 'rapporteur', id: 'link:r', roomScope: 'plenary' };
const at = (actor: Actor, now = 100_000) => ({ actor, now });
const room = newRoomChat('plenary');
const me = newAttendeeChat();

function written(actor = alice, r: RoomChat = room, extra: Partial<{ text: string; flagged: boolean; me: AttendeeChat; now: number }> = {}): ChatMessage {
  return post(
    r,
    extra.me ?? me,
    { id: '0.m1', roomId: r.roomId, text: extra.text ?? 'Hello', name: 'Alice', flagged: extra.flagged ?? false },
    at(actor, extra.now),
  );
}
const published = written();
const held = written(alice, { ...room, hold: true });

describe('C1 who may write', () => {
  const cases: [WritePolicy, Actor, string | null][] = [
    ['everyone', alice, null],
    ['everyone', chair, null],
    ['staff', alice, 'FORBIDDEN chat.staffOnly'],
    ['staff', rapporteur, null],
    ['staff', organiser, null],
    ['nobody', alice, 'FORBIDDEN chat.closed'],
    ['nobody', chair, 'FORBIDDEN chat.closed'],
  ];
  it.each(cases)('C1 write %s, %o: %s', (write, actor, refusal) => {
    expect(refusalOf(() => written(actor, { ...room, write }))).toBe(refusal);
  });
  it('C1 C12 an empty message is refused; the badge comes from the role only', () => {
    expect(refusalOf(() => written(alice, room, { text: '' }))).toBe('BAD_REQUEST chat.empty');
    expect([alice, chair, rapporteur, organiser].map(badgeOf)).toEqual([null, 'chair', 'rapporteur', 'organiser']);
    expect(written(chair).badge).toBe('chair');
  });
});

describe('C2 slow mode', () => {
  const slow = { ...room, slowSeconds: 30 };
  const cases: [string, number, number | undefined, number, number][] = [
    // what, slowSeconds, last post, now, wait (ms)
    ['off', 0, 99_000, 100_000, 0],
    ['never wrote', 30, undefined, 100_000, 0],
    ['10 s ago', 30, 90_000, 100_000, 20_000],
    ['exactly 30 s ago', 30, 70_000, 100_000, 0],
    ['long ago', 30, 1_000, 100_000, 0],
  ];
  it.each(cases)('C2 %s: waits %#', (_what, seconds, last, now, wait) => {
    expect(slowModeWait({ ...room, slowSeconds: seconds }, last, now)).toBe(wait);
  });
  it('C2 refuses with RATE_LIMITED and the wait; staff are not slowed; the last post is per room', () => {
    const recent: AttendeeChat = { mute: null, lastPostAt: { plenary: 90_000 } };
    const e = thrown(() => written(alice, slow, { me: recent }));
    expect([e.code, e.reason, e.params, e.retryAfterMs]).toEqual(['RATE_LIMITED', 'chat.slowMode', { seconds: 30 }, 20_000]);
    expect(refusalOf(() => written(chair, slow, { me: recent }))).toBeNull();
    expect(refusalOf(() => written(alice, { ...slow, roomId: 'breakout-1' }, { me: recent }))).toBeNull();
  });
});

describe('C3 hold for review, C10 profanity', () => {
  const cases: [string, boolean, Actor, boolean, ChatMessage['status']][] = [
    ['off', false, alice, false, 'published'],
    ['on, attendee', true, alice, false, 'held'],
    ['on, staff', true, chair, false, 'published'],
    ['off, profane', false, alice, true, 'held'],
    ['off, profane staff', false, chair, true, 'held'],
  ];
  it.each(cases)('C3 C10 hold %s: %s', (_what, hold, actor, flagged, status) => {
    expect(written(actor, { ...room, hold }, { flagged }).status).toBe(status);
  });
  it('C3 C12 a held message is seen by staff and its sender only, and approving publishes it', () => {
    expect([alice, bob, chair, rapporteur].map((a) => canSeeMessage(a, held))).toEqual([true, false, true, true]);
    expect(audienceOfMessage(held)).toBe('user:alice');
    const [e] = approve(held, at(chair));
    expect(e).toMatchObject({ type: 'chat.changed', message: { status: 'published', rev: 1 } });
    expect(audienceOfMessage((e as { message: ChatMessage }).message)).toBe('all');
    expect(refusalOf(() => approve(published, at(chair)))).toBe('BAD_REQUEST chat.notHeld');
    expect(refusalOf(() => approve(held, at(otherChair)))).toBe('FORBIDDEN chat.chairOnly');
    expect(refusalOf(() => approve(held, at(bob)))).toBe('FORBIDDEN chat.chairOnly');
  });
  it('C10 the filter matches the obvious, not the harmless', () => {
    expect(isProfane('what the fuck')).toBe(true);
    expect(isProfane('Scunthorpe is a town')).toBe(false);
  });
});

describe('C4 mute', () => {
  it.each([
    [null, 100_000, null],
    [{ attendeeId: 'alice', until: 100_001, reason: 'x' }, 100_000, 'in force'],
    [{ attendeeId: 'alice', until: 100_000, reason: 'x' }, 100_000, null],
    [{ attendeeId: 'alice', until: 0, reason: '' }, 100_000, null],
  ] as const)('C4 mute %o at %d: %s', (m, now, inForce) => {
    expect(activeMute(m, now) ? 'in force' : null).toBe(inForce);
  });
  it('C4 a muted attendee is refused with the reason until it expires; staff mute, attendees and rapporteurs cannot; 10 s to 24 h', () => {
    const done = mute(me, { attendeeId: 'alice', seconds: 60, reason: 'Off topic' }, at(chair, 100_000));
    expect(done.events).toEqual([{ type: 'chat.muted', mute: { attendeeId: 'alice', until: 160_000, reason: 'Off topic' } }]);
    const e = thrown(() => written(alice, room, { me: done.me, now: 159_999 }));
    expect([e.code, e.reason, e.params]).toEqual(['FORBIDDEN', 'chat.muted', { until: 160_000, reason: 'Off topic' }]);
    expect(refusalOf(() => written(alice, room, { me: done.me, now: 160_000 }))).toBeNull();
    expect(mute(done.me, { attendeeId: 'alice', seconds: null, reason: '' }, at(chair)).me.mute).toBeNull();
    expect(refusalOf(() => mute(me, { attendeeId: 'bob', seconds: 60, reason: '' }, at(alice)))).toBe('FORBIDDEN chat.chairOnly');
    expect(refusalOf(() => mute(me, { attendeeId: 'bob', seconds: 60, reason: '' }, at(rapporteur)))).toBe('FORBIDDEN chat.chairOnly');
    const schema = (seconds: number | null) => MuteAttendee.safeParse({ opId: 'op-12345678', attendeeId: 'bob', seconds, reason: '' }).success;
    expect([9, 10, 86_400, 86_401, null].map(schema)).toEqual([false, true, true, false, true]);
  });
});

describe('C5 reactions once per kind', () => {
  it('C5 only published messages take reactions', () => {
    expect(refusalOf(() => checkReaction(published))).toBeNull();
    expect(refusalOf(() => checkReaction(held))).toBe('BAD_REQUEST chat.reactHeld');
  });
  it('C5 C13 counts keep the newest tick; my reactions are one per kind', () => {
    let s = applyReactionCounts(emptyChat(), { '0.m1:clap': { n: 2, tick: 5 } });
    s = applyReactionCounts(s, { '0.m1:clap': { n: 1, tick: 4 } });
    expect(s.reactions['0.m1:clap']).toEqual({ n: 2, tick: 5 });
    s = applyReactionCounts(s, { '0.m1:clap': { n: 3, tick: 6 } });
    expect(s.reactions['0.m1:clap']).toEqual({ n: 3, tick: 6 });
  });
});

describe('C6 pin', () => {
  const cases: [string, RoomChat, ChatMessage | null, Actor, string | null, string | null][] = [
    ['pins a published message', room, published, chair, null, '0.m1'],
    ['an organiser too', room, published, organiser, null, '0.m1'],
    ['refuses a held one', room, held, chair, 'BAD_REQUEST chat.pinHeld', null],
    ['refuses another room’s chair', room, published, otherChair, 'FORBIDDEN chat.chairOnly', null],
    ['refuses attendees', room, published, alice, 'FORBIDDEN chat.chairOnly', null],
    ['unpins', { ...room, pinned: published }, null, chair, null, null],
  ];
  it.each(cases)('C6 %s', (_what, r, m, actor, refusal, pinned) => {
    expect(refusalOf(() => pin(r, m, at(actor)))).toBe(refusal);
    if (!refusal) expect(applyChat({ ...emptyChat(), rooms: { plenary: r } }, pin(r, m, at(actor))[0]!).rooms.plenary!.pinned?.id ?? null).toBe(pinned);
  });
  it('C6 pinning the pinned one again changes nothing', () => {
    expect(pin({ ...room, pinned: published }, published, at(chair))).toEqual([]);
  });
});

describe('C7 delete', () => {
  it.each([
    ['a message', room, 1],
    ['the pinned message, which unpins it', { ...room, pinned: published }, 2],
  ] as const)('C7 deleting %s', (_what, r, events) => {
    const out = remove(published, r, at(chair));
    expect(out).toHaveLength(events);
    expect(out[0]).toEqual({ type: 'chat.deleted', roomId: 'plenary', messageId: '0.m1' });
    const state = out.reduce(applyChat, { ...emptyChat(), rooms: { plenary: r }, history: { plenary: { messages: [published], older: null } } });
    expect(state.history.plenary!.messages).toEqual([]);
    expect(state.rooms.plenary!.pinned).toBeNull();
  });
  it('C7 only chairs of the room and organisers delete', () => {
    expect([chair, organiser, otherChair, alice, rapporteur].map((a) => refusalOf(() => remove(published, room, at(a))))).toEqual([
      null,
      null,
      'FORBIDDEN chat.chairOnly',
      'FORBIDDEN chat.chairOnly',
      'FORBIDDEN chat.chairOnly',
    ]);
  });
});

describe('C8 move to the Q&A', () => {
  it.each([
    ['a message', published, chair, null],
    ['twice', { ...published, questionId: 'q1' }, chair, 'BAD_REQUEST chat.alreadyMoved'],
    ['too short', { ...published, text: 'hi' }, chair, 'BAD_REQUEST chat.tooShortForQuestion'],
    ['by an attendee', published, bob, 'FORBIDDEN chat.chairOnly'],
  ] as const)('C8 moving %s', (_what, m, actor, refusal) => {
    expect(refusalOf(() => moveToQuestion(m, 'q9', at(actor)))).toBe(refusal);
  });
  it('C8 the message keeps its place and links to the question', () => {
    expect(moveToQuestion(published, 'q9', at(chair))).toEqual([{ type: 'chat.changed', message: { ...published, questionId: 'q9', rev: 1 } }]);
  });
});

describe('C9 text hygiene and links', () => {
  it.each([
    ['markup stays text', '<img src=x onerror=alert(1)>', '<img src=x onerror=alert(1)>'],
    ['bidi and zero-width removed', 'a\u202Eb\u200Bc\u2066d', 'abcd'],
    ['blank lines folded', 'a\n\n\n\nb', 'a\nb'],
    ['a short emoji run kept', '👏👏👏', '👏👏👏'],
    ['a giant emoji run cut', '😀'.repeat(200), '😀'.repeat(LIMITS.chatEmojiRunMax)],
    ['a giant joined emoji run cut', 'hi ' + '👍🏽'.repeat(50), 'hi ' + '👍🏽'.repeat(LIMITS.chatEmojiRunMax)],
  ])('C9 %s', (_what, raw, clean) => {
    expect(cleanChatText(raw)).toBe(clean);
  });
  it.each([
    [
      'links off: shown, not clickable',
      'see https://example.org/a.',
      false,
      [
        { kind: 'text', text: 'see ' },
        { kind: 'url', text: 'https://example.org/a', href: null },
        { kind: 'text', text: '.' },
      ],
    ],
    [
      'links on: http(s) clickable',
      'see https://example.org/a',
      true,
      [
        { kind: 'text', text: 'see ' },
        { kind: 'url', text: 'https://example.org/a', href: 'https://example.org/a' },
      ],
    ],
    ['www gets https', 'www.example.org', true, [{ kind: 'url', text: 'www.example.org', href: 'https://www.example.org/' }]],
    [
      'javascript: never',
      'javascript://x%0Aalert(1)',
      true,
      [
        { kind: 'url', text: 'javascript://x%0Aalert(1', href: null },
        { kind: 'text', text: ')' },
      ],
    ],
    [
      'data: never',
      'data:text/html,<b>x</b>',
      true,
      [
        { kind: 'url', text: 'data:text/html', href: null },
        { kind: 'text', text: ',<b>x</b>' },
      ],
    ],
    ['no address', 'plain words: here', true, [{ kind: 'text', text: 'plain words: here' }]],
  ] as const)('C9 %s', (_what, text, links, parts) => {
    expect(textParts(text, links)).toEqual(parts);
  });
  it('C9 a chair or an organiser allows links for the event, nobody else', () => {
    expect(setEventSettings({ links: false, rev: 0 }, { links: true }, at(organiser))).toEqual([
      { type: 'chat.eventChanged', settings: { links: true, rev: 1 } },
    ]);
    expect(refusalOf(() => setEventSettings({ links: false, rev: 0 }, { links: true }, at(otherChair)))).toBeNull();
    expect(refusalOf(() => setEventSettings({ links: false, rev: 0 }, { links: true }, at(rapporteur)))).toBe('FORBIDDEN chat.chairOnly');
    expect(refusalOf(() => setEventSettings({ links: false, rev: 0 }, { links: true }, at(alice)))).toBe('FORBIDDEN chat.chairOnly');
  });
});

describe('C11 history in bounded pages', () => {
  const full: ChatPage = { page: 3, messages: Array.from({ length: LIMITS.chatPageSize }, (_, i) => ({ ...published, id: `3.${i}` })) };
  it.each<[string, number, ChatPage | undefined, { page: number; fresh: boolean }]>([
    ['an empty room', 0, undefined, { page: 0, fresh: true }],
    ['a page with room', 3, { page: 3, messages: [published] }, { page: 3, fresh: false }],
    ['a full page', 3, full, { page: 4, fresh: true }],
    ['a slot still holding an old page', 11, full, { page: 11, fresh: true }],
  ])('C11 %s', (_what, head, page, where) => {
    expect(pageFor(head, page)).toEqual(where);
  });
  it('C11 the oldest kept page, the cursor and the page of an id', () => {
    expect([0, 1, LIMITS.chatPagesKept - 1, LIMITS.chatPagesKept, 100].map(oldestKept)).toEqual([0, 0, 0, 1, 100 - LIMITS.chatPagesKept + 1]);
    expect(pageView(full, 3, 3, alice).older).toBe(2);
    expect(pageView(full, 100 - LIMITS.chatPagesKept + 1, 100, alice)).toEqual({ messages: [], older: null });
    expect(pageView({ page: 1, messages: [published, { ...held, id: '1.h' }] }, 1, 1, bob).messages).toEqual([published]);
    expect([pageOfId('12.abc'), pageOfId('abc'), pageOfId('x.12')]).toEqual([12, null, null]);
  });
  it('C11 older pages go before the messages held, once each', () => {
    const m = (id: string, createdAt: number) => ({ ...published, id, createdAt });
    const s = { ...emptyChat(), history: { plenary: { messages: [m('1.b', 2), m('1.c', 3)], older: 0 } } };
    const next = withOlder(s, 'plenary', { messages: [m('0.a', 1), m('1.b', 2)], older: null });
    expect(next.history.plenary).toEqual({ messages: [m('0.a', 1), m('1.b', 2), m('1.c', 3)], older: null });
  });
});

describe('C13 clients keep the newest version', () => {
  it('C13 a message or room of a lower revision is ignored; a late message goes in writing order', () => {
    const approved = { ...held, status: 'published' as const, rev: 1 };
    let s = applyChat(emptyChat(), { type: 'chat.posted', message: approved });
    s = applyChat(s, { type: 'chat.posted', message: held });
    expect(s.history.plenary!.messages).toEqual([approved]);
    s = applyChat(s, { type: 'chat.posted', message: { ...published, id: '0.early', createdAt: 1 } });
    expect(s.history.plenary!.messages.map((m) => m.id)).toEqual(['0.early', '0.m1']);
    const r1 = { ...room, rev: 2, slowSeconds: 10 };
    s = applyChat(applyChat(s, { type: 'chat.roomChanged', room: r1 }), { type: 'chat.roomChanged', room: { ...room, rev: 1 } });
    expect(s.rooms.plenary).toEqual(r1);
  });
  it('C1 C2 C3 settings change only for a chair of the room, and only when they change', () => {
    expect(setRoomSettings(room, { write: 'staff', hold: true, slowSeconds: 5 }, at(chair))).toEqual([
      { type: 'chat.roomChanged', room: { ...room, write: 'staff', hold: true, slowSeconds: 5, rev: 1 } },
    ]);
    expect(setRoomSettings(room, { write: 'everyone', hold: false, slowSeconds: 0 }, at(chair))).toEqual([]);
    expect(refusalOf(() => setRoomSettings(room, { write: 'staff', hold: true, slowSeconds: 5 }, at(otherChair)))).toBe('FORBIDDEN chat.chairOnly');
  });
});
