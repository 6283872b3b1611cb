/**
 * Which language to show: the one the person chose (remembered), else the first of the browser's languages we
 * have (`fr-CA` finds `fr`), else English. Pure, so the rule is tested without a browser.
 */
export const DEFAULT_LANGUAGE = 'en';

/** The pseudo-locale: English, accented and 40 % longer, to spot untranslated or cramped text (development only). */
export const PSEUDO_LANGUAGE = 'en-XA';

export function pickLanguage(stored: string | null, preferred: readonly string[], available: readonly string[]): string {
  if (stored && available.includes(stored)) return stored;
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    const exact = available.find((a) => a.toLowerCase() === lower);
    if (exact) return exact;
    const primary = available.find((a) => a.toLowerCase() === lower.split('-')[0]);
    if (primary) return primary;
  }
  return DEFAULT_LANGUAGE;
}

/** A language's own name, capitalised as a menu entry starts ("Deutsch", "Français"), from the browser's Intl data. */
export function nativeName(language: string): string {
  if (language === PSEUDO_LANGUAGE) return 'Ƥšéûđö';
  let name = language;
  try {
    name = new Intl.DisplayNames([language], { type: 'language' }).of(language) ?? language;
  } catch {
    // An old browser without Intl.DisplayNames: the code is still a name people recognise.
  }
  return name.charAt(0).toLocaleUpperCase(language) + name.slice(1);
}
