import { useEffect } from 'react';
import { useApp } from '../state/store';
import { useToasts } from '../state/selectors';

/** Short confirmations (polite) and errors (assertive), each dismissible; confirmations fade after a while. */
export function Toasts() {
  const toasts = useToasts();
  const dismiss = useApp((s) => s.dismissToast);

  useEffect(() => {
    const timers = toasts.filter((t) => t.kind === 'info').map((t) => setTimeout(() => dismiss(t.id), 5_000));
    return () => timers.forEach(clearTimeout);
  }, [toasts, dismiss]);

  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast-${t.kind}`} role={t.kind === 'error' ? 'alert' : undefined}>
          <span>{t.text}</span>
          <button type="button" className="toast-close" onClick={() => dismiss(t.id)} aria-label="Dismiss message">
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
