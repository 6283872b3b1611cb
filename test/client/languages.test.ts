import { describe, expect, it } from 'vitest';
import { compileMessageOrThrow, type CompiledMessage } from '@lingui/message-utils/compileMessage';
import { placeholders } from '../helpers/messages';
import { pickLanguage } from '../../client/src/i18n/languages';
import { pseudoMessages } from '../../client/src/i18n/pseudo';

describe('the language a person sees', () => {
  const available = ['en', 'de', 'fr'];
  it('is the one chosen before, if offered', () => {
    expect(pickLanguage('de', ['fr-FR'], available)).toBe('de');
    expect(pickLanguage('xx', ['fr-FR'], available)).toBe('fr');
  });
  it('else the first of the browser’s languages on offer, by primary language', () => {
    expect(pickLanguage(null, ['fr-CA', 'en'], available)).toBe('fr');
    expect(pickLanguage(null, ['pl-PL', 'de-AT', 'en'], available)).toBe('de');
  });
  it('else English', () => {
    expect(pickLanguage(null, ['pl-PL', 'it'], available)).toBe('en');
    expect(pickLanguage(null, [], available)).toBe('en');
  });
});

describe('the pseudo-locale', () => {
  it('accents and lengthens the words but keeps every placeholder and plural', () => {
    const english = { 'qa.count': compileMessageOrThrow('{count, plural, one {# question} other {# questions}} from {name}') };
    const pseudo = pseudoMessages(english) as Record<string, CompiledMessage>;
    const message = pseudo['qa.count']!;
    expect(placeholders(message)).toEqual(new Set(['count', 'name']));
    const words = JSON.stringify(message);
    expect(words).toContain('qúéstíóñ');
    expect(words).toContain('"#"');
    expect(words).toContain('·');
  });
});
