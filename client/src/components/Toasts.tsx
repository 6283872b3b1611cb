import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { focusTarget } from '../lib/focusTarget';
import { useT } from '../i18n/useT';
import { useApp, type ToastWords } from '../state/store';
import { useToasts } from '../state/selectors';

/** Below this width the toasts span the screen, so they go to the edge away from what the person is using. */
const NARROW = '(max-width: 640px)';

/**
 * Short confirmations (polite) and errors (assertive), each dismissible; confirmations fade after a while, those
 * with an action ("New poll: vote") a little later. On a narrow screen a toast spans the width and would cover a
 * form, so they go to the edge (bottom or top) where they cover fewer fields and buttons, never the focused one.
 */
export function Toasts() {
  const t = useT();
  const words = (w: ToastWords) => (typeof w === 'string' ? w : t(w.key, w.values));
  const toasts = useToasts();
  const dismiss = useApp((s) => s.dismissToast);
  const [top, setTop] = useState(false);

  useEffect(() => {
    const timers = toasts.filter((toast) => toast.kind === 'info').map((toast) => setTimeout(() => dismiss(toast.id), toast.action ? 12_000 : 5_000));
    return () => timers.forEach(clearTimeout);
  }, [toasts, dismiss]);

  const any = toasts.length > 0;
  const box = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    if (!any) return;
    let frame = 0;
    const place = () => {
      frame = 0;
      const el = box.current;
      if (!el || !window.matchMedia?.(NARROW).matches) return setTop(false);
      setTop(coverAt('top', el) < coverAt('bottom', el));
    };
    const later = () => {
      if (!frame) frame = requestAnimationFrame(place);
    };
    place();
    document.addEventListener('focusin', later);
    window.addEventListener('scroll', later, { passive: true });
    window.addEventListener('resize', later);
    return () => {
      cancelAnimationFrame(frame);
      document.removeEventListener('focusin', later);
      window.removeEventListener('scroll', later);
      window.removeEventListener('resize', later);
    };
  }, [any, toasts]);

  return (
    <div ref={box} className={top ? 'toasts toasts-top' : 'toasts'} aria-live="polite">
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast toast-${toast.kind}`} role={toast.kind === 'error' ? 'alert' : undefined}>
          <span>
            {words(toast.text)}
            {toast.action && (
              <>
                {' '}
                <a
                  className="toast-action"
                  href={toast.action.target.startsWith('#') ? toast.action.target.split(' ')[0] : '#main'}
                  onClick={(e) => {
                    e.preventDefault();
                    const target = toast.action!.target;
                    dismiss(toast.id);
                    focusTarget(target);
                  }}
                >
                  {words(toast.action.label)}
                </a>
              </>
            )}
          </span>
          <button type="button" className="toast-close" onClick={() => dismiss(toast.id)} aria-label={t('common.dismissToast')}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

const CONTROLS = 'input, textarea, select, button, a[href], summary, [tabindex="0"]';

/** How much the toasts would cover at that edge: the focused control counts most, then every other control. */
function coverAt(edge: 'top' | 'bottom', toasts: HTMLElement): number {
  const margin = 8;
  const height = toasts.getBoundingClientRect().height;
  const from = edge === 'top' ? margin : window.innerHeight - margin - height;
  const to = from + height;
  let score = 0;
  for (const el of document.querySelectorAll<HTMLElement>(CONTROLS)) {
    if (toasts.contains(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.bottom <= from || r.top >= to) continue;
    score += el === document.activeElement || el.contains(document.activeElement) ? 100 : 1;
  }
  return score;
}
