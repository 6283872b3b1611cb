/**
 * Document keys of an event's core documents (a feature keeps its own keys beside its code), and the global
 * scope's code index. A feature that reads another's data does it by the document's key, not by importing it.
 */
export const KEYS = { meta: 'meta', agenda: 'agenda', access: 'access' } as const;
export const GLOBAL_SCOPE = '_global';
export const codeKey = (code: string) => `code:${code.toUpperCase()}`;
