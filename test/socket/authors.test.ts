import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { call, client, onChange, opId, snapshotOf, startServer, type ClientSocket, type TestServer } from '../helpers/app';
import { waitFor } from '../helpers/ports';
import type { Change } from '../../shared/protocol/messages';
import type { Question } from '../../shared/protocol/qa';
import type { ChatMessage } from '../../shared/protocol/chat';

/**
 * Q5 and N1 over real sockets: an attendee is never told who wrote what beyond the name its author chose to show.
 * Ana asks anonymously and chats under her name; with her id in both, anybody could tie the question to her.
 */

let srv: TestServer;
const sockets: ClientSocket[] = [];
async function attendee(name: string) {
  const j = await srv.join(name);
  const s = await client(srv.url, j.token);
  sockets.push(s);
  return { s, id: j.attendeeId };
}
function changes(s: ClientSocket): Change[] {
  const got: Change[] = [];
  onChange(s, (c) => got.push(c));
  return got;
}
const eventOf = (got: Change[], type: string) => got.find((c) => c.event?.type === type)?.event as Record<string, unknown> | undefined;

beforeAll(async () => {
  srv = await startServer();
  const chair = await client(srv.url, await srv.link('chair', 'plenary'));
  sockets.push(chair);
  await call(chair, 'agenda:setLive', { opId: opId(), roomId: 'plenary', itemId: 'd1-s1' });
  expect(await call(chair, 'qa:settings', { opId: opId(), roomId: 'plenary', premoderation: false })).toMatchObject({ ok: true });
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await srv.close();
});

describe('who wrote what', () => {
  it("others see an anonymous question and a named message without the author's id, live, in snapshots, catch-ups and history; the author and staff see it", async () => {
    const bob = await attendee('Bob');
    const ana = await attendee('Ana');
    const chair = await client(srv.url, await srv.link('chair', 'plenary'));
    sockets.push(chair);
    // Everything Bob is sent, as it came off the wire.
    const wire: string[] = [];
    bob.s.onAny((_event, ...args) => wire.push(JSON.stringify(args)));
    const [bobLive, anaLive, chairLive] = [changes(bob.s), changes(ana.s), changes(chair)];
    const before = await snapshotOf(bob.s);

    const asked = await call(ana.s, 'qa:ask', {
      opId: opId(),
      roomId: 'plenary',
      text: 'Who checks the quality of short courses?',
      target: null,
      anonymous: true,
    });
    expect(asked).toMatchObject({ ok: true, status: 'live' });
    const posted = await call(ana.s, 'chat:post', { opId: opId(), roomId: 'plenary', text: 'Hello from Ana' });
    expect(posted).toMatchObject({ ok: true, message: { authorId: ana.id, authorName: 'Ana' } });
    for (const got of [bobLive, anaLive, chairLive]) await waitFor(() => !!eventOf(got, 'qa.asked') && !!eventOf(got, 'chat.posted'), { what: 'both changes' });

    // Live: Bob sees the question and the message, and nothing that ties them together.
    expect(eventOf(bobLive, 'qa.asked')!.question).toMatchObject({ id: asked.questionId, authorId: '', authorName: null });
    expect(eventOf(bobLive, 'chat.posted')!.message).toMatchObject({ id: posted.message.id, authorId: '', authorName: 'Ana' });
    // Ana's own tabs and the chair see her id.
    expect(eventOf(anaLive, 'qa.asked')!.question).toMatchObject({ authorId: ana.id });
    expect(eventOf(anaLive, 'chat.posted')!.message).toMatchObject({ authorId: ana.id });
    expect(eventOf(chairLive, 'qa.asked')!.question).toMatchObject({ authorId: ana.id });
    expect(eventOf(chairLive, 'chat.posted')!.message).toMatchObject({ authorId: ana.id });

    // A snapshot, a catch-up by number and an older page of the chat.
    const snapshot = await snapshotOf(bob.s);
    expect(snapshot.qa.questions.find((q: Question) => q.id === asked.questionId)).toMatchObject({
      authorId: '',
      text: 'Who checks the quality of short courses?',
    });
    const catchUp = await call(bob.s, 'sync', { epoch: before.epoch, lastSeq: before.seq });
    expect(catchUp).toMatchObject({ ok: true, mode: 'changes' });
    expect(catchUp.changes.map((c: Change) => c.event?.type)).toEqual(expect.arrayContaining(['qa.asked', 'chat.posted']));
    const history = await call(bob.s, 'chat:history', { roomId: 'plenary', page: 0 });
    expect(history.messages.find((m: ChatMessage) => m.id === posted.message.id)).toMatchObject({ authorId: '', authorName: 'Ana' });
    for (const seen of [JSON.stringify(snapshot), JSON.stringify(catchUp), JSON.stringify(history), ...wire]) expect(seen).not.toContain(ana.id);

    // Ana's own snapshot and catch-up keep her id on her items; the chair's too.
    const hers = await snapshotOf(ana.s);
    expect(hers.qa.questions.find((q: Question) => q.id === asked.questionId)).toMatchObject({ authorId: ana.id });
    const herCatchUp = await call(ana.s, 'sync', { epoch: before.epoch, lastSeq: before.seq });
    expect(JSON.stringify(herCatchUp)).toContain(ana.id);
    expect((await snapshotOf(chair)).qa.questions.find((q: Question) => q.id === asked.questionId)).toMatchObject({ authorId: ana.id });
  });
});
