/**
 * An operation id for a mutation: the server remembers the reply under it, so a retry with the same id changes
 * nothing. Matches the contract (8 to 64 characters of [\w-]).
 */
export function newOpId(): string {
  const c = globalThis.crypto;
  // randomUUID needs a secure context (https or localhost); getRandomValues works everywhere.
  if (typeof c.randomUUID === 'function') return c.randomUUID();
  const bytes = c.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
