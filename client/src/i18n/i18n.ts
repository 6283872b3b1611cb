import type { Messages } from '@lingui/core';
import { flatten } from '../../../shared/locales/catalogue';
import { i18n } from './instance';
import { DEFAULT_LANGUAGE, pickLanguage, PSEUDO_LANGUAGE } from './languages';

export { i18n, t } from './instance';

type Part = 'start' | 'event' | 'staff';
type PartModule = { default: Record<string, Record<string, unknown>> };

// Each language's words in three chunks, each fetched with the code that shows them: the first pages' (start, join,
// errors: before the first render), the event's live pages' (the attendee's panels, the present view) and the
// staff's (the consoles). A person downloads only their language, and the join page only its own words. A new
// folder under shared/locales/ is a new language, found here by the build.
const PARTS: Record<Part, Map<string, () => Promise<PartModule>>> = {
  start: byLanguage(import.meta.glob<PartModule>('../../../shared/locales/*/start.ts')),
  event: byLanguage(import.meta.glob<PartModule>('../../../shared/locales/*/event.ts')),
  staff: byLanguage(import.meta.glob<PartModule>('../../../shared/locales/*/staff.ts')),
};
const LOADERS = PARTS.start;

function byLanguage(modules: Record<string, () => Promise<PartModule>>): Map<string, () => Promise<PartModule>> {
  return new Map(Object.entries(modules).map(([path, load]) => [path.split('/').at(-2)!, load]));
}

/** The parts this page needs: the first pages' always, the others once a view has asked for them (`loadWords`). */
const wanted = new Set<Part>(['start']);

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
  const parts = await Promise.all([...wanted].map((part) => partOf(part, language)));
  return Object.assign({}, ...parts) as Messages;
}

async function partOf(part: Part, language: string): Promise<Messages> {
  const load = PARTS[part].get(language) ?? PARTS[part].get(DEFAULT_LANGUAGE)!;
  return flatten((await load()).default) as Messages;
}

/**
 * A part's words in the active language, added to what is loaded: the lazy views wait for theirs before they
 * render. A later language change loads every part asked for so far.
 */
const partsLoading = new Map<Part, Promise<void>>();

export function loadWords(part: Exclude<Part, 'start'>): Promise<void> {
  let loading = partsLoading.get(part);
  if (!loading) {
    wanted.add(part);
    loading = loadPart(part);
    partsLoading.set(part, loading);
  }
  return loading;
}

async function loadPart(part: Part): Promise<void> {
  const language = i18n.locale;
  if (import.meta.env.DEV && language === PSEUDO_LANGUAGE) return setLanguage(language);
  const messages = await partOf(part, language);
  // The language changed meanwhile: that change loaded this part with the rest.
  if (i18n.locale === language) i18n.load(language, messages);
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
