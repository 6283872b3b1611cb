// React 18+ has useSyncExternalStore; @lingui/react imports the package that back-ports it to older Reacts. The
// build points that import here (vite.config.ts), so the back-port stays off the attendee's first load.
export { useSyncExternalStore } from 'react';
