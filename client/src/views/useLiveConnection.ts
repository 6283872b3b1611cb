import { useEffect } from 'react';
import { connect, disconnect } from '../net/connection';

/** Opens the live connection for a token while the calling view is mounted. */
export function useLiveConnection(token: string | null): void {
  useEffect(() => {
    if (!token) return;
    connect(token);
    return () => disconnect();
  }, [token]);
}
