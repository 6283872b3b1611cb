import { useEffect, useLayoutEffect, useState } from 'react';
import { focusTarget } from '../lib/focusTarget';
import { useApp } from '../state/store';
import { useToasts } from '../state/selectors';

/** Below this width the toasts span the screen, so they go to the edge away from what the person is using. */
const NARROW = '(max-width: 640px)';

/**
 * Short confirmations (polite) and errors (assertive), each dismissible; confirmations fade after a while, those
 * with an action ("New poll: vote") a little later. On a narrow screen a toast would cover the form being
 * filled in, so they sit at the bottom unless the focus is in the lower half of the screen, then at the top.
 */
export function Toasts() {
  const toasts = useToasts();
  const dismiss = useApp((s) => s.dismissToast);
  const [top, setTop] = useState(false);

  useEffect(() => {
    const timers = toasts.filter((t) => t.kind === 'info').map((t) => setTimeout(() => dismiss(t.id), t.action ? 12_000 : 5_000));
    return () => timers.forEach(clearTimeout);
  }, [toasts, dismiss]);

  const any = toasts.length > 0;
  useLayoutEffect(() => {
    if (!any) return;
    const place = () => {
      const focused = document.activeElement;
      if (!window.matchMedia?.(NARROW).matches || !focused || focused === document.body || focused.closest('.toasts')) return setTop(false);
      const box = focused.getBoundingClientRect();
      setTop(box.top + box.height / 2 > window.innerHeight / 2);
    };
    place();
    document.addEventListener('focusin', place);
    return () => document.removeEventListener('focusin', place);
  }, [any, toasts]);

  return (
    <div className={top ? 'toasts toasts-top' : 'toasts'} aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast-${t.kind}`} role={t.kind === 'error' ? 'alert' : undefined}>
          <span>
            {t.text}
            {t.action && (
              <>
                {' '}
                <a
                  className="toast-action"
                  href={t.action.target.startsWith('#') ? t.action.target.split(' ')[0] : '#main'}
                  onClick={(e) => {
                    e.preventDefault();
                    const target = t.action!.target;
                    dismiss(t.id);
                    focusTarget(target);
                  }}
                >
                  {t.action.label}
                </a>
              </>
            )}
          </span>
          <button type="button" className="toast-close" onClick={() => dismiss(t.id)} aria-label="Dismiss message">
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
