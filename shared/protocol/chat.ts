import { z } from 'zod';
import { LIMITS } from '../limits';
import { Id, OpId, request, type Applied } from './common';

// ---- state ----------------------------------------------------------------------------------------------------

/** The small fixed set of reactions: one of each kind per attendee and message. The client draws each as an emoji. */
export const REACTIONS = ['thumbsUp', 'heart', 'laugh', 'clap', 'party', 'thinking'] as const;
export const Reaction = z.enum(REACTIONS);
export type Reaction = z.infer<typeof Reaction>;

/** Who may write in a room's chat. */
export const WritePolicy = z.enum(['everyone', 'staff', 'nobody']);
export type WritePolicy = z.infer<typeof WritePolicy>;

/** A name's badge, from the sender's role in their token (never from a payload); attendees have none. */
export const Badge = z.enum(['chair', 'rapporteur', 'organiser']);
export type Badge = z.infer<typeof Badge>;

export const ChatMessage = z.object({
  /** `<page>.<random>`: the page of the room's history it was written to (see `server/features/chat/keys.ts`). */
  id: z.string(),
  roomId: z.string(),
  authorId: z.string(),
  authorName: z.string().nullable(),
  badge: Badge.nullable(),
  text: z.string(),
  /** Held: waits for a chair (the room holds messages for review, or the profanity filter matched); seen by staff and its sender. */
  status: z.enum(['published', 'held']),
  flagged: z.boolean(),
  /** The question it was moved to, once a chair moved it into the Q&A. */
  questionId: z.string().nullable(),
  createdAt: z.number(),
  rev: z.number().int(),
});
export type ChatMessage = z.infer<typeof ChatMessage>;

/** A room's chat settings and its pinned message. */
export const RoomChat = z.object({
  roomId: z.string(),
  write: WritePolicy,
  /** Hold attendees' messages for a chair's approval (off by default). */
  hold: z.boolean(),
  /** Slow mode: at most one message per attendee every this many seconds (0: off). */
  slowSeconds: z.number().int().nonnegative(),
  pinned: ChatMessage.nullable(),
  rev: z.number().int(),
});
export type RoomChat = z.infer<typeof RoomChat>;

/** The event's chat settings: whether http(s) links in messages may be opened (off by default). */
export const EventChat = z.object({ links: z.boolean(), rev: z.number().int() });
export type EventChat = z.infer<typeof EventChat>;

/** An attendee's mute: until when, and the reason shown to them. */
export const Mute = z.object({ attendeeId: z.string(), until: z.number(), reason: z.string() });
export type Mute = z.infer<typeof Mute>;

/** Count of one reaction kind on one message (keyed `<messageId>:<reaction>`), with its tick: the newest wins. */
export const ReactionCount = z.object({ n: z.number().int().nonnegative(), tick: z.number().int().nonnegative() });
export type ReactionCount = z.infer<typeof ReactionCount>;

/** The recent history of a room: the newest messages the person may see, and the page to ask for older ones. */
export const RoomHistory = z.object({ messages: z.array(ChatMessage), older: z.number().int().nullable() });
export type RoomHistory = z.infer<typeof RoomHistory>;

export const ChatSnapshot = z.object({
  event: EventChat,
  rooms: z.record(z.string(), RoomChat),
  history: z.record(z.string(), RoomHistory),
  reactions: z.record(z.string(), ReactionCount),
  myReactions: z.array(z.string()),
  /** This person's mute (null: none), and when they last wrote in each room (for slow mode's countdown). */
  mute: Mute.nullable(),
  lastPostAt: z.record(z.string(), z.number()),
});
export type ChatSnapshot = z.infer<typeof ChatSnapshot>;

// ---- events (changes) -------------------------------------------------------------------------------------------

export const ChatEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('chat.posted'), message: ChatMessage }),
  z.object({ type: z.literal('chat.changed'), message: ChatMessage }),
  z.object({ type: z.literal('chat.deleted'), roomId: z.string(), messageId: z.string() }),
  z.object({ type: z.literal('chat.roomChanged'), room: RoomChat }),
  z.object({ type: z.literal('chat.eventChanged'), settings: EventChat }),
  /** To staff and the attendee: a mute set (until in the future) or lifted (until 0). */
  z.object({ type: z.literal('chat.muted'), mute: Mute }),
]);
export type ChatEvent = z.infer<typeof ChatEvent>;

// ---- client to server -------------------------------------------------------------------------------------------

export const PostMessage = z.object({ opId: OpId, roomId: Id, text: z.string().trim().min(1).max(LIMITS.chatMessageMax) });
export type PostMessage = z.infer<typeof PostMessage>;

/** Older history of a room, by cursor: the page named by a previous answer's `older`. */
export const ChatHistory = z.object({ roomId: Id, page: z.number().int().nonnegative() });
export type ChatHistory = z.infer<typeof ChatHistory>;

export const React = z.object({ opId: OpId, roomId: Id, messageId: Id, reaction: Reaction, on: z.boolean() });
export type React = z.infer<typeof React>;

export const ModerateMessage = z.object({ opId: OpId, roomId: Id, messageId: Id, action: z.enum(['delete', 'approve', 'toQuestion']) });
export type ModerateMessage = z.infer<typeof ModerateMessage>;

export const PinMessage = z.object({ opId: OpId, roomId: Id, messageId: Id.nullable() });
export type PinMessage = z.infer<typeof PinMessage>;

export const ChatRoomSettings = z.object({
  opId: OpId,
  roomId: Id,
  write: WritePolicy,
  hold: z.boolean(),
  slowSeconds: z.number().int().min(0).max(LIMITS.chatSlowMaxSeconds),
});
export type ChatRoomSettings = z.infer<typeof ChatRoomSettings>;

export const ChatEventSettings = z.object({ opId: OpId, links: z.boolean() });
export type ChatEventSettings = z.infer<typeof ChatEventSettings>;

/** Mutes an attendee for 10 s to 24 h with a reason shown to them; `seconds: null` lifts the mute. */
export const MuteAttendee = z.object({
  opId: OpId,
  attendeeId: Id,
  seconds: z.number().int().min(LIMITS.chatMuteMinSeconds).max(LIMITS.chatMuteMaxSeconds).nullable(),
  reason: z.string().trim().max(LIMITS.chatMuteReasonMax),
});
export type MuteAttendee = z.infer<typeof MuteAttendee>;

export const CHAT_REQUESTS = {
  'chat:post': request(PostMessage).returns<Applied & { message: ChatMessage }>(),
  'chat:history': request(ChatHistory).returns<RoomHistory & { reactions: Record<string, ReactionCount>; myReactions: string[] }>(),
  'chat:react': request(React).returns(),
  'chat:moderate': request(ModerateMessage).returns<Applied & { questionId?: string }>(),
  'chat:pin': request(PinMessage).returns(),
  'chat:roomSettings': request(ChatRoomSettings).returns(),
  'chat:eventSettings': request(ChatEventSettings).returns(),
  'chat:mute': request(MuteAttendee).returns(),
};
