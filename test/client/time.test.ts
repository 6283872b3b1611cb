import { afterAll, describe, expect, it } from 'vitest';
import { compileMessageOrThrow } from '@lingui/message-utils/compileMessage';
import { countdownText, dayLabel, itemTimes, localClock, localDateTime } from '../../client/src/lib/time';
import { i18n } from '../../client/src/i18n/instance';
import { describeChoice, resultsSummary } from '../../client/src/features/polls/common';
import { waitText } from '../../client/src/features/qa/common';
import { flatten } from '../../shared/locales/catalogue';
import en from '../../shared/locales/en';
import fr from '../../shared/locales/fr';
import de from '../../shared/locales/de';
import type { Poll } from '../../shared/protocol/polls';
import type { PollResults } from '../../shared/domain/polls';

/** Times, days and counts follow the active language: 24-hour clocks, the language's day names and "your time". */

const CATALOGUES = { en, fr, de };

function speak(language: keyof typeof CATALOGUES) {
  const messages = Object.fromEntries(Object.entries(flatten(CATALOGUES[language])).map(([id, m]) => [id, compileMessageOrThrow(m)]));
  i18n.loadAndActivate({ locale: language, messages });
}

const item = { date: '2023-06-22', start: '09:45', end: '10:30' };
// 14:02 UTC on 3 September 2025, read in the process's zone.
const afternoon = new Date(2025, 8, 3, 14, 2).getTime();

describe('times in the viewer’s language', () => {
  afterAll(() => speak('en'));

  it('English stays as it was', () => {
    speak('en');
    expect(itemTimes(item, 'Europe/Brussels', 'America/New_York')).toMatchObject({ programme: '09:45–10:30 CEST', local: '03:45–04:30 your time (EDT)' });
    expect(itemTimes(item, 'Europe/Brussels', 'Pacific/Honolulu').local).toBe('21:45–22:30 Wed your time (HST)');
    expect(dayLabel('2023-06-22', 'Europe/Brussels')).toBe('Thursday 22 June');
    expect(dayLabel('2023-06-22', 'Europe/Brussels', 'short')).toBe('Thu 22 Jun');
    expect(localClock(afternoon)).toBe('14:02');
    expect(localDateTime(afternoon)).toBe('3 Sept 2025, 14:02');
    expect(countdownText(0, 5 * 60_000 + 3_000)).toBe('in 5 min 03 s');
    expect(waitText(12_000)).toBe('12 seconds');
  });

  it('A10 counts down, and says nothing once the time has passed', () => {
    speak('en');
    expect(countdownText(0, 4_000)).toBe('in 4 s');
    expect(countdownText(0, 250_000)).toBe('in 4 min 10 s');
    expect(countdownText(0, 3_900_000)).toBe('in 1 h 05 min');
    expect(countdownText(0, 2 * 86_400_000 + 3_600_000)).toBe('in 2 d 1 h');
    expect(countdownText(5_000, 5_000)).toBeNull();
  });

  it('French: "votre heure", French day names, 24-hour clock', () => {
    speak('fr');
    expect(itemTimes(item, 'Europe/Brussels', 'America/New_York')).toMatchObject({ programme: '09:45–10:30 CEST', local: '03:45–04:30 votre heure (EDT)' });
    expect(itemTimes(item, 'Europe/Brussels', 'Pacific/Honolulu').local).toBe('21:45–22:30 mer. votre heure (HST)');
    expect(dayLabel('2023-06-22', 'Europe/Brussels')).toBe('jeudi 22 juin');
    expect(localClock(afternoon)).toBe('14:02');
    expect(localDateTime(afternoon)).toBe('3 sept. 2025, 14:02');
    expect(countdownText(0, 2 * 3_600_000 + 5 * 60_000)).toBe('dans 2 h 05 min');
    expect(waitText(1_000)).toBe('1 seconde');
    expect(waitText(120_000)).toBe('2 minutes');
  });

  it('German: "Ihre Zeit", German day names, 24-hour clock', () => {
    speak('de');
    expect(itemTimes(item, 'Europe/Brussels', 'America/New_York')).toMatchObject({ programme: '09:45–10:30 CEST', local: '03:45–04:30 Ihre Zeit (EDT)' });
    expect(itemTimes(item, 'Europe/Brussels', 'Pacific/Honolulu').local).toBe('21:45–22:30 Mi Ihre Zeit (HST)');
    expect(dayLabel('2023-06-22', 'Europe/Brussels')).toBe('Donnerstag, 22. Juni');
    expect(dayLabel('2023-06-22', 'Europe/Brussels', 'long', 'fr')).toBe('jeudi 22 juin');
    expect(localClock(afternoon)).toBe('14:02');
    expect(localDateTime(afternoon)).toBe('3. Sept. 2025, 14:02');
    expect(countdownText(0, 42_000)).toBe('in 42 Sek.');
    expect(waitText(12_000)).toBe('12 Sekunden');
  });
});

describe('poll words in the viewer’s language', () => {
  afterAll(() => speak('en'));
  const poll = {
    options: [
      { id: 'a', label: 'Open Badges' },
      { id: 'b', label: 'Wallets' },
    ],
    scale: { min: 1, max: 5, minLabel: 'Poor', maxLabel: 'Great' },
  } as unknown as Poll;

  it('lists, quotes, percentages and plurals follow the language', () => {
    speak('en');
    expect(describeChoice(poll, { type: 'multiple', options: ['a', 'b'] })).toBe('Open Badges, Wallets');
    expect(describeChoice(poll, { type: 'rating', value: 5 })).toBe('5 on a scale of 1 to 5 (Great)');
    expect(describeChoice(poll, { type: 'open', text: 'Yes' })).toBe('“Yes”');
    const r: PollResults = { kind: 'choice', voters: 3, options: [{ id: 'a', label: 'Open Badges', count: 2, percent: 67 }] };
    expect(resultsSummary(r)).toBe('3 voters. Leading: Open Badges 67%.');
    speak('fr');
    expect(describeChoice(poll, { type: 'open', text: 'Oui' })).toBe('«\u202fOui\u202f»');
    expect(describeChoice(poll, { type: 'multiple', options: ['a', 'b'] })).toBe('Open Badges et Wallets');
    expect(resultsSummary({ ...r, voters: 1 })).toMatch(/^1 votant\. En tête\u00a0: Open Badges 67\s%\.$/);
    speak('de');
    expect(describeChoice(poll, { type: 'open', text: 'Ja' })).toBe('„Ja“');
    expect(resultsSummary(r)).toMatch(/^3 Personen haben abgestimmt\. Vorn: Open Badges 67\s%\.$/);
  });
});
