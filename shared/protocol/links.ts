import { z } from 'zod';
import { Id, LinkRole, OpId, request, type Applied } from './common';

/** Role links: the chair, rapporteur and organiser links an organiser hands out and revokes. */

export const LinkRecord = z.object({
  jti: z.string(),
  role: LinkRole,
  roomScope: z.string(),
  label: z.string(),
  issuedAt: z.number(),
  revokedAt: z.number().nullable(),
});
export type LinkRecord = z.infer<typeof LinkRecord>;
/**
 * The event's join link (L8, L9): when `required`, a new attendee must bring `key` (the organiser's join link and
 * its QR code carry it); the event code alone lets nobody new in. Absent: anyone with the code joins.
 */
export const JoinKey = z.object({ required: z.boolean(), key: z.string() });
export type JoinKey = z.infer<typeof JoinKey>;
export const AccessState = z.object({ links: z.array(LinkRecord), joinKey: JoinKey.optional() });
export type AccessState = z.infer<typeof AccessState>;

export const AccessEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('access.linkIssued'), link: LinkRecord }),
  z.object({ type: z.literal('access.linkRevoked'), jti: z.string(), at: z.number() }),
  z.object({ type: z.literal('access.joinKeySet'), joinKey: JoinKey }),
]);
export type AccessEvent = z.infer<typeof AccessEvent>;

export const ListLinks = z.object({});
export type ListLinks = z.infer<typeof ListLinks>;

export const IssueLink = z.object({ opId: OpId, role: LinkRole, roomScope: z.union([z.literal('*'), Id]) });
export type IssueLink = z.infer<typeof IssueLink>;

export const RevokeLink = z.object({ opId: OpId, jti: Id });
export type RevokeLink = z.infer<typeof RevokeLink>;

/** Turns the join link's requirement on or off; `rotate` makes a new key (the old link lets nobody new in). */
export const SetJoinKey = z.object({ opId: OpId, required: z.boolean(), rotate: z.boolean() });
export type SetJoinKey = z.infer<typeof SetJoinKey>;

export const LinkView = LinkRecord.extend({ url: z.string(), qrSvg: z.string().optional() });
export type LinkView = z.infer<typeof LinkView>;
/** `attendeeUrl` (and its QR code) carries the join key when the event requires it (`joinKeyRequired`). */
export type LinksResult = { attendeeUrl: string; attendeeQrSvg: string; code: string; links: LinkView[]; joinKeyRequired: boolean };

export const LINKS_REQUESTS = {
  'links:list': request(ListLinks).returns<LinksResult>(),
  'links:issue': request(IssueLink).returns<Applied & { link: LinkView }>(),
  'links:revoke': request(RevokeLink).returns(),
  'links:joinKey': request(SetJoinKey).returns(),
};
