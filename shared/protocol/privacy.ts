import { z } from 'zod';
import { OpId, request, type Applied } from './common';

/**
 * The event's privacy: how long people's names and texts are kept after the event ends, an organiser's erase of
 * them, and an attendee's download and delete of what they wrote (docs/PRIVACY.md).
 */

// ---- state ----------------------------------------------------------------------------------------------------

/** One document per event (`privacy`); absent: the defaults (`defaultPrivacy()`). */
export const PrivacySettings = z.object({
  /** Days after the event's end before its names and texts are erased by themselves. */
  retentionDays: z.number().int(),
  /** The last erase of the event's personal data (the organiser's, or the retention's), or null. */
  erasedAt: z.number().nullable(),
  rev: z.number().int(),
});
export type PrivacySettings = z.infer<typeof PrivacySettings>;

/** The settings with the dates they give: the event's end (its last item's) and when the erase is due. */
export const PrivacyView = z.object({ settings: PrivacySettings, endsAt: z.number().nullable(), erasesAt: z.number().nullable() });
export type PrivacyView = z.infer<typeof PrivacyView>;

/** An attendee's download: what they wrote and chose, by feature (each feature's own shape, plain JSON). */
export interface MyData {
  eventId: string;
  attendeeId: string;
  name: string | null;
  exportedAt: number;
  parts: Record<string, unknown>;
}

// ---- client to server -----------------------------------------------------------------------------------------

/** Checked by the domain (V1), so that a value out of range gets its reason and its limits. */
export const SetRetention = z.object({ opId: OpId, retentionDays: z.number().int(), rev: z.number().int().nonnegative() });
export type SetRetention = z.infer<typeof SetRetention>;

export const EraseEvent = z.object({ opId: OpId });
export const MyDataRequest = z.object({});
export const DeleteMine = z.object({ opId: OpId });

export const PRIVACY_REQUESTS = {
  'privacy:get': request(z.object({})).returns<PrivacyView>(),
  'privacy:setRetention': request(SetRetention).returns<Applied & PrivacyView>(),
  'privacy:erase': request(EraseEvent).returns<Applied & { erasedAt: number }>(),
  'privacy:mine': request(MyDataRequest).returns<{ data: MyData }>(),
  'privacy:deleteMine': request(DeleteMine).returns<Applied & { removed: number }>(),
};
