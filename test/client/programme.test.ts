import { describe, expect, it } from 'vitest';
import { looksLikeProgramme } from '../../client/src/net/programme';
import { Programme } from '../../shared/protocol/programme';
import seed2023 from '../../server/seed/microcredentials-2023.json';
import fixture2021 from '../fixtures/programme-2021.json';

/**
 * The browser keeps the programme in localStorage and checks a stored copy by hand (client/src/net/programme.ts),
 * without the zod schema: every programme the server can send passes, and a damaged copy is dropped.
 */
const stored = (file: unknown): Programme => JSON.parse(JSON.stringify(Programme.parse(file))) as Programme;

describe('a stored programme', () => {
  it('is taken when it is what the server sent (both seeds, as stored)', () => {
    expect(looksLikeProgramme(stored(seed2023))).toBe(true);
    expect(looksLikeProgramme(stored(fixture2021))).toBe(true);
  });

  it('is dropped when damaged', () => {
    const good = stored(seed2023);
    const item = good.items[0]!;
    const damaged: unknown[] = [
      null,
      'programme',
      [],
      { ...good, timeZone: 'Mars/Olympus' },
      { ...good, title: 1 },
      { ...good, days: [] },
      { ...good, rooms: 'plenary' },
      { ...good, items: [{ ...item, start: 930 }] },
      { ...good, items: [{ ...item, speakers: [{ affiliation: 'no name' }] }] },
      { ...good, items: [{ ...item, segments: [{ title: 'Q&A', people: [], notes: [3] }] }] },
      { ...good, items: [{ ...item, keyTopics: undefined }] },
      { ...good, items: [null] },
    ];
    for (const copy of damaged) expect(looksLikeProgramme(copy), JSON.stringify(copy).slice(0, 80)).toBe(false);
  });
});
