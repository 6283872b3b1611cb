import { z } from 'zod';
import { LIMITS } from '../limits';
import type { Reply } from './errors';

/** Pieces every feature's part of the wire contract uses: ids, roles, acks, and how a request is declared. */

export const Id = z.string().min(1).max(LIMITS.idMax);
/** Made by the client for every mutation; a retry with the same id returns the first reply and changes nothing. */
export const OpId = z
  .string()
  .min(8)
  .max(LIMITS.opIdMax)
  .regex(/^[\w-]+$/);

export const Role = z.enum(['attendee', 'chair', 'rapporteur', 'organiser']);
export type Role = z.infer<typeof Role>;
export const LinkRole = z.enum(['chair', 'rapporteur', 'organiser']);
export type LinkRole = z.infer<typeof LinkRole>;

export type Ack<T extends object = object> = (reply: Reply<T>) => void;
/** What an accepted mutation answers at least: the number of its (last) change. */
export type Applied = { seq: number };

/** A client-to-server event: the schema its payload is parsed with, and (as a type only) what its ack carries. */
export interface RequestSpec<S extends z.ZodType = z.ZodType, R extends object = object> {
  schema: S;
  /** Never set: carries the reply's type. */
  readonly reply?: R;
}

/** Declares a request: `request(AskQuestion).returns<Applied & { questionId: string }>()`. */
export function request<S extends z.ZodType>(schema: S) {
  return { returns: <R extends object = Applied>(): RequestSpec<S, R> => ({ schema }) };
}

/** The Socket.IO event map of a set of requests: `(payload, ack) => void` per event. */
export type RequestsOf<M> = {
  [E in keyof M]: M[E] extends RequestSpec<infer S, infer R> ? (payload: z.infer<S>, ack: Ack<R>) => void : never;
};

/** A mutation is a request whose payload carries an operation id: the client adds one, the server dedupes by it. */
export function isMutationSchema(schema: z.ZodType): boolean {
  return schema instanceof z.ZodObject && 'opId' in schema.shape;
}
