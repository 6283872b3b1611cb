import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileMessageOrThrow } from '@lingui/message-utils/compileMessage';
import { placeholders } from '../helpers/messages';

/**
 * The catalogues (shared/locales/<language>/<feature>.json): every language has English's files and keys with
 * the same placeholders, every message parses, every key is used by the code, and French and German follow their
 * typography. The lint rule i18next/no-literal-string (eslint.config.js) keeps words out of the JSX.
 */
const LOCALES = path.resolve(import.meta.dirname, '../../shared/locales');
const SOURCES = ['../../client/src', '../../server', '../../shared'].map((dir) => path.resolve(import.meta.dirname, dir));
const languages = fs.readdirSync(LOCALES).filter((d) => fs.statSync(path.join(LOCALES, d)).isDirectory());
const filesOf = (language: string) =>
  fs
    .readdirSync(path.join(LOCALES, language))
    .filter((f) => f.endsWith('.json'))
    .sort();
const read = (language: string, file: string): Record<string, string> => JSON.parse(fs.readFileSync(path.join(LOCALES, language, file), 'utf8'));

/** The rich-text tags of a message: `<0>…</0>`. */
const tagsOf = (message: string) => [...message.matchAll(/<(\d+)>/g)].map((m) => m[1]).sort();

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).flatMap((e) => {
    const file = path.join(e.parentPath, e.name);
    return e.isFile() && /\.(ts|tsx)$/.test(e.name) ? [file] : [];
  });
}

describe('language catalogues', () => {
  it('has English, French and German', () => {
    expect(languages).toEqual(expect.arrayContaining(['en', 'fr', 'de']));
  });

  for (const language of languages.filter((l) => l !== 'en')) {
    it(`${language} has every English file and key, no other, with the same placeholders and tags`, () => {
      expect(filesOf(language)).toEqual(filesOf('en'));
      for (const file of filesOf('en')) {
        const english = read('en', file);
        const other = read(language, file);
        expect(Object.keys(other).sort(), `${language}/${file}`).toEqual(Object.keys(english).sort());
        for (const [key, message] of Object.entries(english)) {
          const where = `${language}/${file} "${key}"`;
          expect(placeholders(compileMessageOrThrow(other[key]!)), where).toEqual(placeholders(compileMessageOrThrow(message)));
          expect(tagsOf(other[key]!), where).toEqual(tagsOf(message));
          expect(other[key]!.trim(), where).not.toBe('');
        }
      }
    });
  }

  it('every English message parses as ICU', () => {
    for (const file of filesOf('en')) for (const message of Object.values(read('en', file))) expect(() => compileMessageOrThrow(message)).not.toThrow();
  });

  it('every key is used by the code, as the literal `section.key`', () => {
    const code = SOURCES.flatMap(sourceFiles)
      .map((f) => fs.readFileSync(f, 'utf8'))
      .join('\n');
    const unused: string[] = [];
    for (const file of filesOf('en')) {
      const section = file.replace(/\.json$/, '');
      for (const key of Object.keys(read('en', file))) if (!code.includes(`'${section}.${key}'`)) unused.push(`${section}.${key}`);
    }
    expect(unused).toEqual([]);
  });

  it('French puts a no-break space before : ; ? ! and » and after «, and uses no straight quotes', () => {
    const bad: string[] = [];
    for (const file of filesOf('fr')) {
      for (const [key, message] of Object.entries(read('fr', file))) {
        // Outside ICU syntax, a word followed directly (or after a plain space) by high punctuation. (`\s` would
        // match the no-break spaces too: a plain space is written out.)
        const text = message.replace(/\{[^{}]*\}/g, 'X');
        if (/[^\s\u00a0\u202f][;?!»]|[ \t\n][:;?!»]|«[^\u00a0\u202f]/.test(text) || /[^\s\u00a0\u202f\d]:(?!\/\/)/.test(text) || text.includes('"'))
          bad.push(`${file} ${key}: ${message}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('German quotes with „ “ and uses no straight quotes', () => {
    const bad: string[] = [];
    for (const file of filesOf('de'))
      for (const [key, message] of Object.entries(read('de', file))) if (/["«»]/.test(message)) bad.push(`${file} ${key}: ${message}`);
    expect(bad).toEqual([]);
  });
});
