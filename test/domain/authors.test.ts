import { describe, it, expect } from 'vitest';
import { authorsHidden, authorsIn, shownTo } from '../../shared/domain/actor';

describe('authorsHidden', () => {
  const mine = { id: 'q1', authorId: 'ana', text: 'a' };
  const theirs = { id: 'q2', authorId: 'bob', text: 'b' };
  const value = { questions: [mine, theirs], pinned: { message: { authorId: 'bob', text: 'c' } }, counts: { q1: 3 }, note: null };

  it("blanks every author's id but the viewer's, at any depth, and leaves the rest as it was", () => {
    const shown = authorsHidden(value, 'ana');
    expect(shown).toEqual({ questions: [mine, { ...theirs, authorId: '' }], pinned: { message: { authorId: '', text: 'c' } }, counts: { q1: 3 }, note: null });
    expect(shown.questions[0]).toBe(mine);
    expect(shown.counts).toBe(value.counts);
    expect(value.questions[1]!.authorId).toBe('bob');
    expect(authorsHidden(value, null).questions[0]!.authorId).toBe('');
  });

  it('returns the value itself when nothing in it is hidden', () => {
    const only = { questions: [mine], n: 1 };
    expect(authorsHidden(only, 'ana')).toBe(only);
    expect(authorsHidden('text', 'ana')).toBe('text');
    expect(authorsHidden(null, 'ana')).toBeNull();
  });

  it('names the authors in a value, and shows staff everything', () => {
    expect([...authorsIn(value)].sort()).toEqual(['ana', 'bob']);
    expect(authorsIn(authorsHidden(value, null)).size).toBe(0);
    expect(shownTo({ role: 'chair', id: 'link:1', roomScope: '*' }, value)).toBe(value);
    expect(shownTo({ role: 'attendee', id: 'bob', roomScope: '' }, value).questions[0]!.authorId).toBe('');
  });
});
