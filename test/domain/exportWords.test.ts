import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXPORT_LANGUAGES, wordsIn } from '../../server/http/language';

/** The server's downloads (CSV, .ics) speak every language of shared/locales/, compiled at start. */
describe('export words', () => {
  it('the server knows every language folder', () => {
    const locales = path.resolve(import.meta.dirname, '../../shared/locales');
    const folders = fs.readdirSync(locales).filter((d) => fs.statSync(path.join(locales, d)).isDirectory());
    expect([...EXPORT_LANGUAGES].sort()).toEqual(folders.sort());
  });

  it('words the CSV headers and the .ics labels in each language, English for an unknown one', () => {
    expect(wordsIn('fr').t('exports.csvPercentOfVoters')).toBe('Pourcentage des votants');
    expect(wordsIn('de').t('exports.csvPercentOfVoters')).toBe('Prozent der Abstimmenden');
    expect(wordsIn('fr').t('exports.icsChair', { name: 'Ana' })).toBe('Modération\u00a0: Ana');
    expect(wordsIn('de').t('pollTypes.ranking')).toBe('Rangfolge');
    expect(wordsIn('xx').t('exports.csvPoll')).toBe('Poll');
    expect(wordsIn('xx').language).toBe('en');
  });
});
