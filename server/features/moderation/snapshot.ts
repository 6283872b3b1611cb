import { newModeration, type ModerationState } from '../../../shared/domain/moderation';
import type { ModerationSnapshot } from '../../../shared/protocol/moderation';
import type { Actor } from '../../../shared/domain/actor';
import type { Store } from '../../store/store';
import { MODERATION } from './keys';

/** The moderation document (every write of it is a numbered change, so it may be shared by the snapshots at one number). */
export async function readModeration(store: Store, eventId: string): Promise<ModerationState> {
  return ((await store.read(eventId, [MODERATION.doc]))[MODERATION.doc]?.value as ModerationState | undefined) ?? newModeration();
}

/** Everybody sees the pauses (attendees are told why they are refused); only staff see the bans. */
export async function moderationSnapshot(_store: Store, _eventId: string, state: ModerationState, actor: Actor): Promise<ModerationSnapshot> {
  return { pauses: state.pauses, bans: actor.role === 'attendee' ? [] : Object.values(state.bans) };
}
