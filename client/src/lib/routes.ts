import { useSyncExternalStore } from 'react';
import type { LinkRole } from '../../../shared/protocol/messages';

/** The app's pages, by pathname (the server answers every non-API path with the one page). */
export type Route =
  | { page: 'start' }
  | { page: 'attendee'; code: string }
  | { page: 'link'; code: string; role: LinkRole; token: string | null }
  | { page: 'present'; code: string; roomId: string }
  | { page: 'not-found' };

const ROLES: readonly LinkRole[] = ['chair', 'rapporteur', 'organiser'];

export function parseRoute(pathname: string, search: string): Route {
  const parts = pathname
    .split('/')
    .filter(Boolean)
    .map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p;
      }
    });
  if (parts.length === 0) return { page: 'start' };
  if (parts[0] !== 'e' || !parts[1]) return { page: 'not-found' };
  const code = normaliseCode(parts[1]);
  if (parts.length === 2) return { page: 'attendee', code };
  const role = ROLES.find((r) => r === parts[2]);
  if (parts.length === 3 && role) return { page: 'link', code, role, token: new URLSearchParams(search).get('t') };
  if (parts.length === 4 && parts[2] === 'present' && parts[3]) return { page: 'present', code, roomId: parts[3] };
  return { page: 'not-found' };
}

export function normaliseCode(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

export const attendeePath = (code: string) => `/e/${encodeURIComponent(code)}`;

const NAVIGATE = 'companion:navigate';

/** Client-side navigation without a reload. */
export function navigate(path: string): void {
  window.history.pushState(null, '', path);
  window.dispatchEvent(new Event(NAVIGATE));
  window.scrollTo(0, 0);
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE, onChange);
  };
}

const location = () => window.location.pathname + window.location.search;

export function useLocation(): string {
  return useSyncExternalStore(subscribe, location);
}
