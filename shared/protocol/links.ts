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
export const AccessState = z.object({ links: z.array(LinkRecord) });
export type AccessState = z.infer<typeof AccessState>;

export const AccessEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('access.linkIssued'), link: LinkRecord }),
  z.object({ type: z.literal('access.linkRevoked'), jti: z.string(), at: z.number() }),
]);
export type AccessEvent = z.infer<typeof AccessEvent>;

export const ListLinks = z.object({});
export type ListLinks = z.infer<typeof ListLinks>;

export const IssueLink = z.object({ opId: OpId, role: LinkRole, roomScope: z.union([z.literal('*'), Id]) });
export type IssueLink = z.infer<typeof IssueLink>;

export const RevokeLink = z.object({ opId: OpId, jti: Id });
export type RevokeLink = z.infer<typeof RevokeLink>;

export const LinkView = LinkRecord.extend({ url: z.string(), qrSvg: z.string().optional() });
export type LinkView = z.infer<typeof LinkView>;
export type LinksResult = { attendeeUrl: string; attendeeQrSvg: string; code: string; links: LinkView[] };

export const LINKS_REQUESTS = {
  'links:list': request(ListLinks).returns<LinksResult>(),
  'links:issue': request(IssueLink).returns<Applied & { link: LinkView }>(),
  'links:revoke': request(RevokeLink).returns(),
};
