import { useEffect, useState, type RefObject } from 'react';
import type { OverviewFigures } from '../../../../shared/protocol/overview';
import { describeFailure } from '../../lib/failures';
import { request } from '../../net/connection';
import { useStatus } from '../../state/selectors';

/** How often the figures are asked for while the card is on screen: the counts behind them move every few seconds. */
export const FIGURES_REFRESH_MS = 10_000;

/**
 * The organiser's figures, asked of the server (`overview:figures`, answered from the store) when the card comes on
 * screen and every 10 s while it stays there and the tab is visible. Asked, not pushed: only an organiser looking at
 * the card costs anything, and the live stream to every other staff socket stays as it is.
 */
export function useFigures(card: RefObject<HTMLElement | null>) {
  const online = useStatus() === 'online';
  const [figures, setFigures] = useState<OverviewFigures | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!online) return;
    let cancelled = false;
    let onScreen = true;
    let inFlight = false;
    const load = async () => {
      if (inFlight || !onScreen || document.visibilityState === 'hidden') return;
      inFlight = true;
      const reply = await request('overview:figures', {});
      inFlight = false;
      if (cancelled) return;
      if (reply.ok) {
        setFigures(reply.figures);
        setError(null);
      } else setError(describeFailure(reply));
    };
    const timer = setInterval(() => void load(), FIGURES_REFRESH_MS);
    const observer =
      typeof IntersectionObserver === 'undefined'
        ? null
        : new IntersectionObserver((entries) => {
            const now = entries.some((e) => e.isIntersecting);
            if (now && !onScreen) {
              onScreen = true;
              void load();
            } else onScreen = now;
          });
    if (card.current && observer) observer.observe(card.current);
    const onVisible = () => void load();
    document.addEventListener('visibilitychange', onVisible);
    void load();
    return () => {
      cancelled = true;
      clearInterval(timer);
      observer?.disconnect();
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [online, card]);

  return { figures, error };
}
