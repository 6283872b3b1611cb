import { useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Failure } from '../../../../shared/protocol/errors';
import type { Choice, Poll } from '../../../../shared/protocol/polls';
import type { PollResults } from '../../../../shared/domain/polls';
import { describeFailure } from '../../lib/failures';
import { i18n, t } from '../../i18n/i18n';
import { intlLocale } from '../../lib/time';
import { POLL_TYPE_KEYS } from '../../../../shared/locales/catalogue';
import { useApp } from '../../state/store';

/** Shared bits of the polls UI: selectors, wording, the throttled announcement. */

/** The six poll types' names, as catalogue keys: `t(TYPE_KEYS[poll.type])`. */
export const TYPE_KEYS = POLL_TYPE_KEYS;

/** The anonymous attendee, to ask what attendees may see (the chair's "attendees see…" line). */
export const ATTENDEE = { role: 'attendee', id: '', roomScope: '*' } as const;

/** The polls of a room, in creation order; stable while none of them changes. */
export function useRoomPolls(roomId: string): Poll[] {
  return useApp(useShallow((s) => Object.values(s.polls.polls).filter((p) => p.roomId === roomId)));
}

/** "3 voters" in the active language. */
export const votersText = (n: number) => t('polls.voters', { count: n });

/** Labels joined as a list in the active language: "a, b, c" ("a, b et c", "a, b und c"). */
export function listText(items: string[], language: string = i18n.locale || 'en'): string {
  return new Intl.ListFormat(intlLocale(language), { type: 'unit', style: 'short' }).format(items);
}

/** A number as the active language writes it: "4.5", "4,5". */
export function numberText(n: number, language: string = i18n.locale || 'en'): string {
  return new Intl.NumberFormat(intlLocale(language), { maximumFractionDigits: 2 }).format(n);
}

/** A percentage (0–100) as the active language writes it: "33%", "33 %". */
export function percentText(percent: number, language: string = i18n.locale || 'en'): string {
  return new Intl.NumberFormat(intlLocale(language), { style: 'percent', maximumFractionDigits: 1 }).format(percent / 100);
}

/** A vote as words: "Both"; "Open Badges, Digital identity wallets"; "4 of 5". Ranking: labels in order. */
export function describeChoice(poll: Poll, choice: Choice): string {
  const label = (id: string) => poll.options.find((o) => o.id === id)?.label ?? id;
  switch (choice.type) {
    case 'single':
      return label(choice.option);
    case 'multiple':
      return listText(choice.options.map(label));
    case 'rating': {
      const scale = poll.scale;
      if (!scale) return numberText(choice.value);
      const end = choice.value === scale.min ? scale.minLabel : choice.value === scale.max ? scale.maxLabel : undefined;
      const values = { value: numberText(choice.value), min: numberText(scale.min), max: numberText(scale.max) };
      return end ? t('polls.ratingChoiceEnd', { ...values, end }) : t('polls.ratingChoice', values);
    }
    case 'wordcloud':
      return listText(choice.words);
    case 'open':
      return t('polls.openChoice', { text: choice.text });
    case 'ranking':
      return listText(choice.order.map((id, i) => `${i + 1}. ${label(id)}`));
  }
}

/** What a failed vote or action says to the person. */
export function failureText(f: Failure): string {
  switch (f.code) {
    case 'POLL_CLOSED':
      return t('polls.closedNow');
    case 'NOT_FOUND':
      return t('polls.gone');
    case 'RATE_LIMITED':
      return t('polls.rateLimited');
    case 'FORBIDDEN':
      return t('polls.forbidden');
    default:
      return describeFailure(f);
  }
}

/** A short spoken summary of a poll's results, for the live region. */
export function resultsSummary(r: PollResults): string {
  if (!r.voters) return t('polls.noVotes');
  const voters = votersText(r.voters);
  switch (r.kind) {
    case 'choice': {
      const top = Math.max(...r.options.map((o) => o.count));
      const leaders = listText(r.options.filter((o) => o.count === top).map((o) => `${o.label} ${percentText(o.percent)}`));
      return r.options.filter((o) => o.count === top).length > 1 ? t('polls.summaryTied', { voters, leaders }) : t('polls.summaryLeading', { voters, leaders });
    }
    case 'rating':
      return t('polls.summaryAverage', { voters, average: r.average === null ? '–' : numberText(r.average) });
    case 'wordcloud':
      return t('polls.summaryWords', { voters, words: listText(r.words.slice(0, 3).map((w) => w.word)) });
    case 'ranking':
      return t('polls.summaryFirst', { voters, label: r.options[0]?.label ?? '–' });
    case 'open':
      return t('polls.summaryVoters', { voters });
  }
}

/** What the live region knows of a poll: its state and, when attendees may see them, its results in words. */
export interface PollSpeech {
  id: string;
  question: string;
  status: Poll['status'];
  /** Null while the results are hidden. */
  results: string | null;
}

const sentence = (text: string) => (/[.?!…]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

/** The changes between what was last announced and now, in words; empty when nothing worth saying changed. */
export function describeChanges(before: ReadonlyMap<string, PollSpeech>, now: PollSpeech[], sayNew = true): string {
  const several = now.length > 1;
  return now
    .flatMap((p) => {
      const was = before.get(p.id);
      if (!was && !sayNew) return [];
      const question = sentence(p.question);
      if (!was || was.status !== p.status) {
        if (p.status === 'closed')
          return [p.results ? t('polls.announceClosedResults', { question, results: p.results }) : t('polls.announceClosed', { question })];
        return [was ? t('polls.announceReopened', { question }) : t('polls.announceNew', { question })];
      }
      const about = several ? `${question} ` : '';
      if (p.results && p.results !== was.results)
        return [about + (was.results ? t('polls.announceResults', { results: p.results }) : t('polls.announceResultsShown', { results: p.results }))];
      if (!p.results && was.results) return [about + t('polls.announceHidden')];
      return [];
    })
    .join(' ');
}

/**
 * A polite live region's text for the polls shown: what changed since the last announcement, at most once every
 * `intervalMs` (changes in between are gathered into the next one). What is on screen at mount is not announced.
 */
export function usePollAnnouncer(now: PollSpeech[], intervalMs = 5_000, sayNew = true): string {
  const key = JSON.stringify(now);
  const [shown, setShown] = useState('');
  const announced = useRef<Map<string, PollSpeech>>(new Map(now.map((p) => [p.id, p])));
  const lastAt = useRef(0);
  useEffect(() => {
    const states: PollSpeech[] = JSON.parse(key);
    const text = describeChanges(announced.current, states, sayNew);
    if (!text) {
      // Nothing to say (a poll that opened, when another voice says that): this is the state later changes are told against.
      announced.current = new Map(states.map((p) => [p.id, p]));
      return;
    }
    const show = () => {
      announced.current = new Map(states.map((p) => [p.id, p]));
      setShown(text);
    };
    const wait = lastAt.current + intervalMs - Date.now();
    if (wait <= 0) {
      show();
      return;
    }
    const timer = setTimeout(show, wait);
    return () => clearTimeout(timer);
  }, [key, intervalMs, sayNew]);
  // The interval runs from when the words reached the page (after the render), not from when they were chosen: on a
  // busy device the render may come late, and the next announcement must still be a whole interval after it.
  useEffect(() => {
    if (shown) lastAt.current = Date.now();
  }, [shown]);
  return shown;
}

/** Programme items of a room, by id (for "For: item title"). */
export function useItemTitles(roomId: string): Map<string, string> {
  const programme = useApp((s) => s.agenda?.programme ?? null);
  return useMemo(() => new Map((programme?.items ?? []).filter((i) => i.roomId === roomId).map((i) => [i.id, i.title])), [programme, roomId]);
}
