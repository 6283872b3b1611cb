import { useEffect, useRef } from 'react';

/**
 * A ref whose element takes the focus when `when` becomes true: a confirmation that replaces the button that asked
 * for it, so that keyboard and screen-reader users land on it instead of on the page's start.
 */
export function useFocusWhen<T extends HTMLElement>(when: boolean) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (when) ref.current?.focus();
  }, [when]);
  return ref;
}
