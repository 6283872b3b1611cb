import { useCallback } from 'react';
import { useLingui } from '@lingui/react';
import type { MessageKey, MessageValues } from '../../../shared/locales/catalogue';

/** `t('qa.send')` in the active language; the component re-renders when the language changes. */
export function useT(): (key: MessageKey, values?: MessageValues) => string {
  const { i18n } = useLingui();
  return useCallback((key: MessageKey, values?: MessageValues) => i18n._(key, values as Record<string, unknown> | undefined), [i18n]);
}

/** The active language's tag (`fr`), for `Intl` formatting in a component. */
export function useLanguage(): string {
  return useLingui().i18n.locale;
}
