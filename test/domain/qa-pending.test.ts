import { describe, expect, it } from 'vitest';
import { pagedForStaff, pendingCursor, pendingPage, type Question } from '../../shared/domain/qa';

const q = (id: string, createdAt: number, patch: Partial<Question> = {}): Question => ({
  id,
  roomId: 'r1',
  itemId: null,
  authorId: `a-${id}`,
  authorName: null,
  text: `Question ${id}`,
  originalText: null,
  target: null,
  status: 'pending',
  flagged: false,
  starred: false,
  reply: null,
  mergedInto: null,
  mergedFrom: [],
  createdAt,
  updatedAt: createdAt,
  rev: 0,
  ...patch,
});

describe("the chair's Incoming list, a page at a time", () => {
  const questions = [
    q('e', 5),
    q('a', 1),
    q('c', 3),
    q('b', 3),
    q('d', 4),
    q('live', 2, { status: 'live' }),
    q('merged', 2, { mergedInto: 'a' }),
    q('other', 1, { roomId: 'r2' }),
  ];
  it('Q24 pages go oldest first (by id on a tie), each question once, with the count and cursor of the rest', () => {
    const first = pendingPage(questions, 'r1', null, 2);
    expect(first.page.map((x) => x.id)).toEqual(['a', 'b']);
    expect(first.more).toEqual({ count: 3, after: pendingCursor(first.page[1]!) });
    const second = pendingPage(questions, 'r1', first.more!.after, 2);
    expect(second.page.map((x) => x.id)).toEqual(['c', 'd']);
    const last = pendingPage(questions, 'r1', second.more!.after, 2);
    expect(last.page.map((x) => x.id)).toEqual(['e']);
    expect(last.more).toBeNull();
  });
  it("Q24 a staff snapshot keeps every question but the pending ones past each room's first page", () => {
    const { questions: shown, pendingMore } = pagedForStaff(questions, 2);
    expect(shown.map((x) => x.id).sort()).toEqual(['a', 'b', 'live', 'merged', 'other']);
    expect(pendingMore).toEqual({ r1: { count: 3, after: '3:b' } });
  });
});
