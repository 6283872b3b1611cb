import { useEffect } from 'react';
import { connect, release } from '../net/connection';

/**
 * Opens the live connection for a token while the calling view is mounted. A new token of the same session (a
 * rename's, which the connection already holds) keeps the connection open; any other closes it and opens anew.
 */
export function useLiveConnection(token: string | null): void {
  useEffect(() => {
    if (!token) return;
    connect(token);
    return () => release(token);
  }, [token]);
}
