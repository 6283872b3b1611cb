import type { Request } from 'express';
import { setupI18n, type I18n, type Messages } from '@lingui/core';
import { compileMessageOrThrow } from '@lingui/message-utils/compileMessage';
import { flatten, type MessageKey, type MessageValues } from '../../shared/locales/catalogue';
import en from '../../shared/locales/en';
import fr from '../../shared/locales/fr';
import de from '../../shared/locales/de';

/**
 * The words of the server's downloads (the poll results CSV, the programme `.ics`), from the same catalogues as
 * the client (`shared/locales/<language>/`, the `exports` section and the poll type names). Compiled once at
 * start: a message that does not parse stops the server then, not a download later. A new language is a new
 * folder plus its line here (test/domain/exportWords.test.ts checks every folder is listed).
 */
const CATALOGUES: Record<string, Record<string, Record<string, string>>> = { en, fr, de };

export const DEFAULT_LANGUAGE = 'en';
/** The languages the server words its downloads in, English first (the fallback of a negotiation). */
export const EXPORT_LANGUAGES: readonly string[] = [DEFAULT_LANGUAGE, ...Object.keys(CATALOGUES).filter((l) => l !== DEFAULT_LANGUAGE)];

function compile(language: string): I18n {
  const messages: Messages = {};
  for (const [id, message] of Object.entries(flatten(CATALOGUES[language]!))) {
    try {
      messages[id] = compileMessageOrThrow(message);
    } catch (error) {
      throw new Error(`shared/locales/${language}: "${id}" is not a valid ICU message: ${(error as Error).message}`);
    }
  }
  return setupI18n({ locale: language, locales: [language], messages: { [language]: messages } });
}

const INSTANCES = new Map(EXPORT_LANGUAGES.map((language) => [language, compile(language)]));

/** A language's words for one download: `t('exports.csvPoll')`, and its tag for `Intl` formatting. */
export interface Words {
  language: string;
  t: (key: MessageKey, values?: MessageValues) => string;
}

export function wordsIn(language: string): Words {
  const i18n = INSTANCES.get(language) ?? INSTANCES.get(DEFAULT_LANGUAGE)!;
  return { language: i18n.locale, t: (key, values) => i18n._(key, values as Record<string, unknown> | undefined) };
}

/**
 * The language a download is worded in: `?lang=` (the client's active language; `fr-CA` counts as `fr`), else the
 * request's Accept-Language, else English.
 */
export function languageOf(req: Request): string {
  const asked = typeof req.query.lang === 'string' ? req.query.lang.trim().toLowerCase().split(/[-_]/)[0] : '';
  if (asked && INSTANCES.has(asked)) return asked;
  const accepted = req.acceptsLanguages(...EXPORT_LANGUAGES);
  return typeof accepted === 'string' && INSTANCES.has(accepted) ? accepted : DEFAULT_LANGUAGE;
}

export const wordsOf = (req: Request): Words => wordsIn(languageOf(req));
