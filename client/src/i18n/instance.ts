import { setupI18n } from '@lingui/core';
import type { MessageKey, MessageValues } from '../../../shared/locales/catalogue';

/**
 * The one Lingui instance: the active language's compiled messages (ICU, compiled at build time by the catalogue
 * step in vite.config.ts, so no message parser ships) and its locale, which plural rules follow. React reads it
 * through `useT()`; code outside components through `t()`. Apart from i18n.ts (which loads the languages in the
 * browser), so that modules also checked without the DOM (lib/time.ts) may word things.
 */
export const i18n = setupI18n();

/** A message in the active language, for code outside components (a component uses `useT()` to re-render). */
export function t(key: MessageKey, values?: MessageValues): string {
  return i18n._(key, values as Record<string, unknown> | undefined);
}
