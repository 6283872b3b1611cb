import { setupI18n, type Messages } from '@lingui/core';
import { flatten, type MessageKey, type MessageValues } from '../../../shared/locales/catalogue';
import { DEFAULT_LANGUAGE, pickLanguage, PSEUDO_LANGUAGE } from './languages';

/**
 * The one Lingui instance: the active language's compiled messages (ICU, compiled at build time by the catalogue
 * step in vite.config.ts, so no message parser ships) and its locale, which plural rules follow. React reads it
 * through `useT()`; code outside components through `t()`.
 */
export const i18n = setupI18n();

// One chunk per language (its index.ts gathers its feature files): a person downloads only theirs. A new folder
// under shared/locales/ is a new language, listed here by the build.
const CATALOGUES = import.meta.glob<{ default: Record<string, Record<string, unknown>> }>('../../../shared/locales/*/index.ts');
const LOADERS = new Map(Object.entries(CATALOGUES).map(([path, load]) => [path.split('/').at(-2)!, load]));

/** The languages the menu offers: English first, then the others by code; the pseudo-locale in development. */
export const LANGUAGES: readonly string[] = [
  DEFAULT_LANGUAGE,
  ...[...LOADERS.keys()].filter((l) => l !== DEFAULT_LANGUAGE).sort(),
  ...(import.meta.env.DEV ? [PSEUDO_LANGUAGE] : []),
];

const STORAGE_KEY = 'companion:language';

function storedLanguage(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** The language to start in: the one chosen before, else the browser's, else English. */
export function initialLanguage(): string {
  const preferred = navigator.languages?.length ? navigator.languages : [navigator.language];
  return pickLanguage(storedLanguage(), preferred, LANGUAGES);
}

async function messagesOf(language: string): Promise<Messages> {
  if (import.meta.env.DEV && language === PSEUDO_LANGUAGE) {
    const [{ pseudoMessages }, english] = await Promise.all([import('./pseudo'), messagesOf(DEFAULT_LANGUAGE)]);
    return pseudoMessages(english);
  }
  const load = LOADERS.get(language) ?? LOADERS.get(DEFAULT_LANGUAGE)!;
  return flatten((await load()).default) as Messages;
}

let latestRequest = 0;

/**
 * Loads a language and switches to it: every component using `useT()` re-renders in place (nothing is remounted,
 * so what is typed stays), `<html lang>` follows, and the choice is remembered when `remember` is set (the menu).
 */
export async function setLanguage(language: string, remember = false): Promise<void> {
  const request = ++latestRequest;
  const messages = await messagesOf(language);
  // A quicker later choice wins over a slower earlier one.
  if (request !== latestRequest) return;
  i18n.loadAndActivate({ locale: language, locales: [language, DEFAULT_LANGUAGE], messages });
  document.documentElement.lang = language;
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, language);
    } catch {
      // Storage blocked: the choice lasts for this page only.
    }
  }
}

/** A message in the active language, for code outside components (a component uses `useT()` to re-render). */
export function t(key: MessageKey, values?: MessageValues): string {
  return i18n._(key, values as Record<string, unknown> | undefined);
}
