import { lazy, Suspense, useEffect, useMemo } from 'react';
import { parseRoute, useLocation } from './lib/routes';
import { loadWords } from './i18n/i18n';
import { loadJoin } from './lib/storage';
import { takeLinkToken } from './lib/linkToken';
import { AttendeePage } from './views/AttendeePage';
import { loadLiveParts } from './views/live';
import { NotFoundPage, OutdatedPage, ViewLoadingPage } from './views/common';
import { StartPage } from './views/StartPage';
import { loadFeatures, useApp } from './state/store';

// The staff's pages (the chair's, rapporteur's and organiser's views with their consoles and the poll editor; the
// present view) are chunks of their own, fetched when their route is opened: the attendee's first load (start page,
// join page, attendee page) carries none of them. A chunk that fails to load (a deploy since the page was opened)
// ends in the ErrorBoundary's "Reload the page".
const LinkPage = lazy(() =>
  Promise.all([import('./views/LinkPage'), loadWords('event'), loadWords('staff'), loadFeatures()]).then(([m]) => ({ default: m.LinkPage })),
);
const PresentPage = lazy(() => Promise.all([import('./views/PresentPage'), loadWords('event'), loadFeatures()]).then(([m]) => ({ default: m.PresentPage })));

/** Picks the page from the address: /, /e/CODE, /e/CODE/{chair,rapporteur,organiser}?t=TOKEN, /e/CODE/present/ROOM. */
export function App() {
  const location = useLocation();
  const route = useMemo(() => {
    const url = new URL(location, window.location.origin);
    const parsed = parseRoute(url.pathname, url.search);
    // A role link's token leaves the address bar at once; this tab keeps it for reloads.
    return parsed.page === 'link' ? { ...parsed, token: takeLinkToken() } : parsed;
  }, [location]);
  // A returning attendee goes straight to the live page: its panels' chunk loads beside the connection's handshake.
  useEffect(() => {
    if (route.page === 'attendee' && loadJoin(route.code)) void loadLiveParts();
  }, [route]);
  // The server refused this build (OUTDATED): whatever the page, only a reload helps.
  const outdated = useApp((s) => s.connection.outdated);

  if (outdated) return <OutdatedPage />;
  switch (route.page) {
    case 'start':
      return <StartPage />;
    case 'attendee':
      return <AttendeePage key={route.code} code={route.code} />;
    case 'present':
      return (
        <Suspense fallback={<ViewLoadingPage />}>
          <PresentPage key={`${route.code}/${route.roomId}`} code={route.code} roomId={route.roomId} />
        </Suspense>
      );
    case 'link':
      return (
        <Suspense fallback={<ViewLoadingPage />}>
          <LinkPage key={`${route.code}/${route.role}/${route.token ?? ''}`} code={route.code} role={route.role} token={route.token} />
        </Suspense>
      );
    default:
      return <NotFoundPage />;
  }
}
