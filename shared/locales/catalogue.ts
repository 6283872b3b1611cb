import type { PollType } from '../protocol/polls';
import type en from './en';

/**
 * The words of the product, one folder per language (`en/`, `fr/`, `de/`) and one ICU JSON file per feature in
 * each. English is the source; each other language's `index.ts` says `satisfies Catalogue`, so a key missing from
 * French or German is a type error, and `test/domain/catalogues.test.ts` checks the placeholders match and every key
 * is used. The client compiles them at build time (vite.config.ts); the server, for its exports, at start.
 */
export type Catalogue = { [S in keyof typeof en]: { [K in keyof (typeof en)[S]]: string } };

/** `qa.send`: a section (the feature's file) and a key in it. */
export type MessageKey = { [S in keyof Catalogue]: `${S & string}.${keyof Catalogue[S] & string}` }[keyof Catalogue];

/** The values a message's placeholders take: `{count}` a number, `{name}` a string, `{when}` a Date, … */
export type MessageValues = Record<string, string | number | Date | null | undefined>;

/** `{qa: {send: …}}` to `{'qa.send': …}`, the ids the runtimes look up. */
export function flatten<M>(catalogue: Record<string, Record<string, M>>): Record<string, M> {
  const messages: Record<string, M> = {};
  for (const [section, entries] of Object.entries(catalogue)) {
    for (const [key, message] of Object.entries(entries)) messages[`${section}.${key}`] = message;
  }
  return messages;
}

/** The six poll types' names, as catalogue keys (the client's panels and the server's CSV): `t(POLL_TYPE_KEYS[type])`. */
export const POLL_TYPE_KEYS: Record<PollType, MessageKey> = {
  single: 'pollTypes.single',
  multiple: 'pollTypes.multiple',
  rating: 'pollTypes.rating',
  wordcloud: 'pollTypes.wordcloud',
  open: 'pollTypes.open',
  ranking: 'pollTypes.ranking',
};
