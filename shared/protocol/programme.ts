import { z } from 'zod';
import { LIMITS } from '../limits';

/**
 * The programme of an event, as imported (JSON) and as kept in the store.
 * Times are wall-clock times in the programme's IANA time zone: the seeds write "CET" for June dates,
 * and the product derives the real offset (CEST) from the zone and the date.
 */
const Id = z
  .string()
  .min(1)
  .max(LIMITS.idMax)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes');
const Text = (max: number) => z.string().trim().min(1).max(max);
const LocalDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM (24 h)');

export const Person = z.object({
  name: Text(LIMITS.nameMax * 2),
  affiliation: Text(LIMITS.titleMax).optional(),
});
export type Person = z.infer<typeof Person>;

export const RoomKind = z.enum(['plenary', 'breakout']);
export type RoomKind = z.infer<typeof RoomKind>;

export const Room = z.object({
  id: Id,
  name: Text(LIMITS.titleMax),
  kind: RoomKind,
  /** For a breakout: the theme attendees pick it by. */
  theme: Text(LIMITS.titleMax).optional(),
});
export type Room = z.infer<typeof Room>;

export const ItemKind = z.enum(['session', 'break', 'registration', 'breakout', 'panel', 'keynote', 'other']);
export type ItemKind = z.infer<typeof ItemKind>;

/** A labelled part of an item: "Opening address", "Research methodology", "Q&A", "Open discussion". */
export const Segment = z.object({
  title: Text(LIMITS.titleMax),
  people: z.array(Person).max(LIMITS.personsPerItem).default([]),
  notes: z.array(Text(LIMITS.textMax)).max(LIMITS.keyTopicsPerItem).default([]),
});
export type Segment = z.infer<typeof Segment>;

export const AgendaItem = z.object({
  id: Id,
  roomId: Id,
  date: LocalDate,
  start: LocalTime,
  end: LocalTime,
  kind: ItemKind,
  title: Text(LIMITS.titleMax),
  description: Text(LIMITS.textMax).optional(),
  chairs: z.array(Person).max(LIMITS.personsPerItem).default([]),
  speakers: z.array(Person).max(LIMITS.personsPerItem).default([]),
  rapporteur: Person.optional(),
  keyTopics: z.array(Text(LIMITS.textMax)).max(LIMITS.keyTopicsPerItem).default([]),
  segments: z.array(Segment).max(LIMITS.keyTopicsPerItem).default([]),
  /** The programme marks a live-polling slot here. */
  livePolling: z.boolean().default(false),
});
export type AgendaItem = z.infer<typeof AgendaItem>;

export const ProgrammeDay = z.object({ date: LocalDate, title: Text(LIMITS.titleMax).optional() });
export type ProgrammeDay = z.infer<typeof ProgrammeDay>;

export const Programme = z
  .object({
    title: Text(LIMITS.titleMax),
    subtitle: Text(LIMITS.titleMax).optional(),
    description: Text(LIMITS.textMax * 4).optional(),
    timeZone: z.string().refine(isIanaZone, 'an IANA time zone such as Europe/Brussels'),
    venue: Text(LIMITS.titleMax).optional(),
    hashtags: z
      .array(z.string().regex(/^#\w+$/, 'a hashtag such as #microcredentials'))
      .max(20)
      .default([]),
    days: z.array(ProgrammeDay).min(1).max(LIMITS.daysPerProgramme),
    rooms: z.array(Room).min(1).max(LIMITS.roomsPerProgramme),
    items: z.array(AgendaItem).max(LIMITS.itemsPerProgramme),
  })
  .superRefine((p, ctx) => {
    const roomIds = new Set<string>();
    p.rooms.forEach((r, i) => {
      if (roomIds.has(r.id)) ctx.addIssue({ code: 'custom', path: ['rooms', i, 'id'], message: `duplicate room id "${r.id}"` });
      roomIds.add(r.id);
    });
    if (!p.rooms.some((r) => r.kind === 'plenary')) ctx.addIssue({ code: 'custom', path: ['rooms'], message: 'needs one room of kind "plenary"' });
    const days = new Set(p.days.map((d) => d.date));
    const itemIds = new Set<string>();
    p.items.forEach((it, i) => {
      if (itemIds.has(it.id)) ctx.addIssue({ code: 'custom', path: ['items', i, 'id'], message: `duplicate item id "${it.id}"` });
      itemIds.add(it.id);
      if (!roomIds.has(it.roomId)) ctx.addIssue({ code: 'custom', path: ['items', i, 'roomId'], message: `unknown room "${it.roomId}"` });
      if (!days.has(it.date)) ctx.addIssue({ code: 'custom', path: ['items', i, 'date'], message: `${it.date} is not one of the programme's days` });
      if (it.end <= it.start) ctx.addIssue({ code: 'custom', path: ['items', i, 'end'], message: `ends (${it.end}) before it starts (${it.start})` });
    });
  });
export type Programme = z.infer<typeof Programme>;
export type ProgrammeInput = z.input<typeof Programme>;

function isIanaZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** One readable line per problem, naming the field: "items.3.end: ends (09:00) before it starts (09:30)". */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
}
