import type { Context } from '../../shared/domain/actor';
import type { Store } from '../store/store';
import type { Plan } from './service';

/**
 * How a ban's "remove their past messages" takes one feature's messages by a person off the lists, in the ban's own
 * commit. Each feature that holds what a person wrote (questions, chat messages, key-topic contributions) gives its
 * own (`ServerFeature.pastMessages`); the app hands the list to moderation (`FeatureDeps.pastMessageRemovers`), so
 * neither side imports the other.
 */
export interface PastMessageRemover {
  /** The documents to read for this person (their messages, and what else changes with them), found before the command. */
  keys(store: Store, eventId: string, attendeeId: string): Promise<string[]>;
  /**
   * The writes, decided on those documents as the command read them: each message of theirs taken off the lists, as
   * a numbered change of its feature. `ctx.actor` is the banning staff member; a ban is for the whole event, so a
   * remover acts for the event whichever room they run.
   */
  remove(docs: Record<string, unknown>, attendeeId: string, ctx: Context): Pick<Plan, 'changes' | 'put' | 'sets'>;
}

/** The staff member's ban, acting for the whole event (their room scope does not limit a ban's removal). */
export function forEvent(ctx: Context): Context {
  return { now: ctx.now, actor: { role: 'organiser', id: ctx.actor.id, roomScope: '*' } };
}
