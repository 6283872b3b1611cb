import { useMemo } from 'react';
import { parseRoute, useLocation } from './lib/routes';
import { AttendeePage } from './views/AttendeePage';
import { NotFoundPage, OutdatedPage } from './views/common';
import { LinkPage } from './views/LinkPage';
import { StartPage } from './views/StartPage';
import { PresentPage } from './views/PresentPage';
import { useApp } from './state/store';

/** Picks the page from the address: /, /e/CODE, /e/CODE/{chair,rapporteur,organiser}?t=TOKEN, /e/CODE/present/ROOM. */
export function App() {
  const location = useLocation();
  const route = useMemo(() => {
    const url = new URL(location, window.location.origin);
    return parseRoute(url.pathname, url.search);
  }, [location]);
  // The server refused this build (OUTDATED): whatever the page, only a reload helps.
  const outdated = useApp((s) => s.connection.outdated);

  if (outdated) return <OutdatedPage />;
  switch (route.page) {
    case 'start':
      return <StartPage />;
    case 'attendee':
      return <AttendeePage key={route.code} code={route.code} />;
    case 'present':
      return <PresentPage key={`${route.code}/${route.roomId}`} code={route.code} roomId={route.roomId} />;
    case 'link':
      return <LinkPage key={`${route.code}/${route.role}/${route.token ?? ''}`} code={route.code} role={route.role} token={route.token} />;
    default:
      return <NotFoundPage />;
  }
}
