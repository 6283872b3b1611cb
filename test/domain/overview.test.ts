import { describe, it, expect } from 'vitest';
import {
  addSample,
  attendanceDuring,
  ATTENDANCE,
  countTabs,
  raisePeak,
  recentSamples,
  sessionFigures,
  sumProcesses,
  type ParticipationInput,
} from '../../shared/domain/overview';
import type { AttendanceSample } from '../../shared/protocol/overview';
import { loadDemoProgramme } from '../../server/setup';

const MINUTE = 60_000;
// 22 June 2023, 09:45 in Brussels (CEST): the demo's first session (d1-s1, 09:45-10:30, plenary) starts.
const D1_S1 = Date.UTC(2023, 5, 22, 7, 45);

describe('counting connections', () => {
  it('O1: two tabs of one attendee are one person, in total and in a room; each room counts the distinct attendees following it', () => {
    expect(
      countTabs([
        { attendeeId: 'a', roomId: 'plenary' },
        { attendeeId: 'a', roomId: 'plenary' },
        { attendeeId: 'b', roomId: 'breakout-1' },
        { attendeeId: 'c', roomId: null },
      ]),
    ).toEqual({ total: 3, rooms: { plenary: 1, 'breakout-1': 1 } });
  });

  it('O1: an attendee with tabs in two rooms is one person, counted in each room', () => {
    expect(
      countTabs([
        { attendeeId: 'a', roomId: 'plenary' },
        { attendeeId: 'a', roomId: 'breakout-1' },
      ]),
    ).toEqual({ total: 1, rooms: { plenary: 1, 'breakout-1': 1 } });
    expect(countTabs([])).toEqual({ total: 0, rooms: {} });
  });

  it("O2: people connected now are the sum of the processes' fresh counts; a stale or missing entry is ignored", () => {
    const now = 1_000_000;
    expect(
      sumProcesses(
        [
          { at: now - 1_000, total: 2, rooms: { plenary: 2 } },
          { at: now - 15_000, total: 3, rooms: { plenary: 1, 'breakout-1': 2 } },
          { at: now - 15_001, total: 50, rooms: { plenary: 50 } },
          undefined,
        ],
        now,
        15_000,
      ),
    ).toEqual({ total: 5, rooms: { plenary: 3, 'breakout-1': 2 } });
  });
});

describe('minute samples and the peak', () => {
  const t = D1_S1 + 30_000;

  it('O3: one sample a minute, at the start of the minute; a minute already sampled is not sampled again', () => {
    const first = addSample(undefined, { total: 2, rooms: { plenary: 2, 'breakout-1': 0 } }, t);
    expect(first).toEqual({ samples: [{ at: D1_S1, total: 2, rooms: { plenary: 2 } }] });
    expect(addSample(first!, { total: 5, rooms: {} }, t + 20_000)).toBeNull();
    expect(addSample(first!, { total: 5, rooms: { plenary: 5 } }, t + MINUTE)!.samples.map((s) => s.at)).toEqual([D1_S1, D1_S1 + MINUTE]);
  });

  it('O3: nobody connected: no sample, except the first minute after someone was (the fall to zero shows)', () => {
    expect(addSample(undefined, { total: 0, rooms: {} }, t)).toBeNull();
    const one = addSample(undefined, { total: 1, rooms: {} }, t)!;
    const zero = addSample(one, { total: 0, rooms: {} }, t + MINUTE)!;
    expect(zero.samples.at(-1)).toEqual({ at: D1_S1 + MINUTE, total: 0, rooms: {} });
    expect(addSample(zero, { total: 0, rooms: {} }, t + 2 * MINUTE)).toBeNull();
  });

  it('O3: beyond 2,880 samples the oldest are dropped', () => {
    const samples: AttendanceSample[] = Array.from({ length: ATTENDANCE.samplesKept }, (_, i) => ({ at: i * MINUTE, total: 1, rooms: {} }));
    const next = addSample({ samples }, { total: 1, rooms: {} }, ATTENDANCE.samplesKept * MINUTE)!;
    expect(next.samples).toHaveLength(ATTENDANCE.samplesKept);
    expect(next.samples[0]!.at).toBe(MINUTE);
    expect(next.samples.at(-1)!.at).toBe(ATTENDANCE.samplesKept * MINUTE);
  });

  it('O4: the peak rises with more people than ever, overall or per room, and never falls', () => {
    const first = raisePeak(undefined, { total: 2, rooms: { plenary: 2 } }, 100)!;
    expect(first).toEqual({ total: { n: 2, at: 100 }, rooms: { plenary: { n: 2, at: 100 } } });
    expect(raisePeak(first, { total: 1, rooms: { plenary: 1 } }, 200)).toBeNull();
    expect(raisePeak(first, { total: 2, rooms: { plenary: 2 } }, 200)).toBeNull();
    expect(raisePeak(first, { total: 2, rooms: { plenary: 1, 'breakout-1': 1 } }, 300)).toEqual({
      total: { n: 2, at: 100 },
      rooms: { plenary: { n: 2, at: 100 }, 'breakout-1': { n: 1, at: 300 } },
    });
  });

  it("O5: an item's peak and average come from the samples within its start..end (end excluded) in its room; none: null", () => {
    const samples: AttendanceSample[] = [
      { at: D1_S1 - MINUTE, total: 9, rooms: { plenary: 9 } },
      { at: D1_S1, total: 4, rooms: { plenary: 3, 'breakout-1': 1 } },
      { at: D1_S1 + MINUTE, total: 4, rooms: { 'breakout-1': 4 } },
      { at: D1_S1 + 2 * MINUTE, total: 6, rooms: { plenary: 6 } },
      { at: D1_S1 + 3 * MINUTE, total: 8, rooms: { plenary: 8 } },
    ];
    expect(attendanceDuring(samples, D1_S1, D1_S1 + 3 * MINUTE, 'plenary')).toEqual({ peak: 6, average: 3 });
    expect(attendanceDuring(samples, D1_S1, D1_S1 + 2 * MINUTE, 'breakout-1')).toEqual({ peak: 4, average: 2.5 });
    expect(attendanceDuring(samples, D1_S1 + 10 * MINUTE, D1_S1 + 20 * MINUTE, 'plenary')).toEqual({ peak: null, average: null });
  });

  it('O8: the chart shows the last 180 samples, oldest first', () => {
    const samples: AttendanceSample[] = Array.from({ length: 200 }, (_, i) => ({ at: i * MINUTE, total: i, rooms: {} }));
    const shown = recentSamples({ samples });
    expect(shown).toHaveLength(ATTENDANCE.samplesShown);
    expect(shown[0]!.at).toBe(20 * MINUTE);
    expect(recentSamples(undefined)).toEqual([]);
  });
});

describe('participation per session', () => {
  const programme = loadDemoProgramme();
  const base: ParticipationInput = { programme, now: D1_S1 + 5 * MINUTE, samples: [], questions: [], polls: [], chat: [], signups: {}, contributions: [] };

  it('O6: the sessions are the items that have started, breaks and registration left out, in time then room order', () => {
    expect(sessionFigures(base).map((s) => s.itemId)).toEqual(['d1-welcome', 'd1-s1']);
    const later = sessionFigures({ ...base, now: Date.UTC(2023, 5, 22, 10, 0) }).map((s) => s.itemId);
    // The coffee break is left out; the plenary comes first of the items starting at 11:45 (the programme's room order).
    expect(later.slice(0, 8)).toEqual(['d1-welcome', 'd1-s1', 'd1-s2', 'd1-guidelines', 'd1-parallel', 'd1-breakout-1', 'd1-breakout-2', 'd1-breakout-3']);
    const kinds = new Map(programme.items.map((i) => [i.id, i.kind]));
    expect(later.every((id) => kinds.get(id) !== 'break' && kinds.get(id) !== 'registration')).toBe(true);
  });

  it('O7: questions asked (all), approved (live or answered) and answered; votes of its polls; chat messages in its room and time', () => {
    const [, s1] = sessionFigures({
      ...base,
      samples: [{ at: D1_S1, total: 3, rooms: { plenary: 3 } }],
      questions: [
        { itemId: 'd1-s1', status: 'pending' },
        { itemId: 'd1-s1', status: 'live' },
        { itemId: 'd1-s1', status: 'answered' },
        { itemId: 'd1-s1', status: 'dismissed' },
        { itemId: 'd1-s2', status: 'answered' },
        { itemId: null, status: 'live' },
      ],
      polls: [
        { itemId: 'd1-s1', voters: 12 },
        { itemId: 'd1-s1', voters: 3 },
        { itemId: null, voters: 40 },
      ],
      chat: [
        { roomId: 'plenary', at: D1_S1 },
        { roomId: 'plenary', at: D1_S1 + MINUTE },
        { roomId: 'plenary', at: D1_S1 - 1 },
        { roomId: 'breakout-1', at: D1_S1 + MINUTE },
      ],
    });
    expect(s1).toEqual({
      itemId: 'd1-s1',
      roomId: 'plenary',
      peak: 3,
      average: 3,
      asked: 4,
      approved: 2,
      answered: 1,
      votes: 15,
      chat: 2,
      signups: null,
      contributions: null,
    });
  });

  it('O7: a breakout counts its sign-ups and its key-topic answers (hidden ones left out); nothing recorded is zeros', () => {
    const figures = sessionFigures({
      ...base,
      now: Date.UTC(2023, 5, 22, 10, 0),
      signups: { 'd1-breakout-1': 7 },
      contributions: [
        { itemId: 'd1-breakout-1', status: 'live' },
        { itemId: 'd1-breakout-1', status: 'pending' },
        { itemId: 'd1-breakout-1', status: 'hidden' },
      ],
    });
    expect(figures.find((s) => s.itemId === 'd1-breakout-1')).toMatchObject({ signups: 7, contributions: 2, peak: null, average: null, asked: 0 });
    expect(figures.find((s) => s.itemId === 'd1-breakout-2')).toMatchObject({ signups: 0, contributions: 0, votes: 0, chat: 0 });
  });
});
