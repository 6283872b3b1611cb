import { useId } from 'react';
import { LANGUAGES, setLanguage } from './i18n';
import { nativeName } from './languages';
import { useLanguage, useT } from './useT';

/**
 * The header's language menu: each language in its own name, so a person finds theirs whatever is on screen. A
 * change applies at once (nothing reloads; what is typed stays) and is remembered on this device.
 */
export function LanguageMenu() {
  const t = useT();
  const language = useLanguage();
  const id = useId();
  return (
    <span className="language-menu">
      <label htmlFor={id} className="sr-only">
        {t('common.language')}
      </label>
      <select id={id} value={language} onChange={(e) => void setLanguage(e.target.value, true)}>
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {nativeName(l)}
          </option>
        ))}
      </select>
    </span>
  );
}
