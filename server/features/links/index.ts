import { createHash, randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import { DomainError } from '../../../shared/protocol/errors';
import { applyAccess, issueLink, revokeLink, setJoinKey } from '../../../shared/domain/access';
import { KEYS } from '../../core/keys';
import type { FeatureDeps, ServerFeature } from '../../core/feature';
import { channels } from '../../realtime/channels';
import type { Handlers } from '../../realtime/router';
import { linkView } from './view';

/** Role links: the organiser lists, issues and revokes the chair, rapporteur and organiser links. */
export const linksFeature: ServerFeature = { name: 'links', handlers: linkHandlers };

function linkHandlers(deps: FeatureDeps): Pick<Handlers, Extract<keyof Handlers, `links:${string}`>> {
  const { service, io, now } = deps;
  return {
    'links:list': {
      roles: ['organiser'],
      run: async (_input, socket) => {
        const { eventId } = socket.data;
        const ev = await service.readEvent(eventId);
        if (!ev) throw new DomainError('NOT_FOUND', 'There is no such event.', { reason: 'event.notFound' });
        // When the event requires its join link, the address and its QR code carry the key (L8, L9).
        const joinKey = ev.access.joinKey;
        const required = joinKey?.required === true;
        const attendeeUrl = `${deps.publicUrl}/e/${encodeURIComponent(ev.meta.code)}${required ? `?k=${encodeURIComponent(joinKey.key)}` : ''}`;
        return {
          code: ev.meta.code,
          attendeeUrl,
          joinKeyRequired: required,
          attendeeQrSvg: await QRCode.toString(attendeeUrl, { type: 'svg', margin: 1 }),
          links: await Promise.all(ev.access.links.map((l) => linkView(deps, eventId, ev.meta.code, l))),
        };
      },
    },

    'links:issue': {
      roles: ['organiser'],
      run: async (input, socket) => {
        const { eventId, actor } = socket.data;
        const ev = await service.readEvent(eventId);
        if (!ev) throw new DomainError('NOT_FOUND', 'There is no such event.', { reason: 'event.notFound' });
        const room = ev.agenda.programme.rooms.find((r) => r.id === input.roomScope);
        if (input.roomScope !== '*' && !room)
          throw new DomainError('NOT_FOUND', `There is no room "${input.roomScope}".`, { reason: 'room.notFound', params: { room: input.roomScope } });
        // Derived from the operation id, so a retry names the same link.
        const jti = createHash('sha256').update(`${actor.id}:${input.opId}`).digest('base64url').slice(0, 22);
        const label = `${capitalise(input.role)} · ${room ? room.name : 'all rooms'}`;
        const { seq } = await service.executeOn({
          eventId,
          key: KEYS.access,
          actor,
          opId: input.opId,
          decide: (state) => issueLink(state, { jti, role: input.role, roomScope: input.roomScope, label }, { actor, now: now() }),
          apply: applyAccess,
          audience: () => 'staff',
        });
        const link = (await service.accessOf(eventId))?.links.find((l) => l.jti === jti);
        if (!link) throw new DomainError('INTERNAL', 'The link was not found after issuing it.', { reason: 'link.lostAfterIssue' });
        return { seq, link: await linkView(deps, eventId, ev.meta.code, link) };
      },
    },

    'links:joinKey': {
      roles: ['organiser'],
      run: async (input, socket) => {
        const { eventId, actor } = socket.data;
        const freshKey = randomBytes(12).toString('base64url');
        const { seq } = await service.executeOn({
          eventId,
          key: KEYS.access,
          actor,
          opId: input.opId,
          decide: (state) => setJoinKey(state, { required: input.required, rotate: input.rotate, freshKey }, { actor, now: now() }),
          apply: applyAccess,
          // The key is the staff's: attendees see the change as its number only.
          audience: () => 'staff',
        });
        return { seq };
      },
    },

    'links:revoke': {
      roles: ['organiser'],
      run: async (input, socket) => {
        const { eventId, actor } = socket.data;
        const { seq } = await service.executeOn({
          eventId,
          key: KEYS.access,
          actor,
          opId: input.opId,
          decide: (state) => revokeLink(state, input, { actor, now: now() }),
          apply: applyAccess,
          audience: () => 'staff',
        });
        // Every process: tell the link's holders and close their sockets.
        io.to(channels.link(input.jti)).emit('revoked', { message: 'This link was revoked by the organiser.' });
        io.in(channels.link(input.jti)).disconnectSockets(true);
        return { seq };
      },
    },
  };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
