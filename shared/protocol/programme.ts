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
  // zod skips a refinement once a field has failed, which made an import report its problems in stages. `when`
  // runs this one in the same pass, on whatever of the file is readable.
  .superRefine(checkAcrossFields, { when: () => true });
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

/**
 * The rules that compare fields: unique room and item ids, a plenary room, each item in a known room, on one of
 * the days, ending after it starts. They run in the same pass as the fields' own rules, so on a file that may be
 * invalid anywhere (zod hands over what it parsed, the failed fields included), and each problem is said once:
 * - a rule only compares values that are valid by their own field's rule (an invalid one is already reported);
 * - a reference is checked against a list only when the list is readable: non-empty, and every entry's key valid
 *   (else the list's own problem is reported, and an item naming a room whose id is broken is not "unknown").
 * On a file whose fields are all valid, every rule runs, as before.
 */
function checkAcrossFields(file: unknown, ctx: z.core.$RefinementCtx): void {
  if (!isRecord(file)) return;
  const report = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });

  const rooms = entries(file.rooms);
  const roomIds = new Set<string>();
  rooms?.forEach((room, i) => {
    if (!isValid(Id, room.id)) return;
    if (roomIds.has(room.id)) report(['rooms', i, 'id'], `duplicate room id "${room.id}"`);
    roomIds.add(room.id);
  });
  if (rooms?.length && rooms.every((r) => isValid(RoomKind, r.kind)) && !rooms.some((r) => r.kind === 'plenary'))
    report(['rooms'], 'needs one room of kind "plenary"');
  const knownRooms = rooms?.length && rooms.every((r) => isValid(Id, r.id)) ? roomIds : undefined;

  const days = entries(file.days);
  const knownDays = days?.length && days.every((d) => isValid(LocalDate, d.date)) ? new Set(days.map((d) => d.date)) : undefined;

  const itemIds = new Set<string>();
  entries(file.items)?.forEach(({ id, roomId, date, start, end }, i) => {
    if (isValid(Id, id)) {
      if (itemIds.has(id)) report(['items', i, 'id'], `duplicate item id "${id}"`);
      itemIds.add(id);
    }
    if (knownRooms && isValid(Id, roomId) && !knownRooms.has(roomId)) report(['items', i, 'roomId'], `unknown room "${roomId}"`);
    if (knownDays && isValid(LocalDate, date) && !knownDays.has(date)) report(['items', i, 'date'], `${date} is not one of the programme's days`);
    if (isValid(LocalTime, start) && isValid(LocalTime, end) && end <= start) report(['items', i, 'end'], `ends (${end}) before it starts (${start})`);
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A list's entries as records (an entry that is not an object reads as an empty one), or undefined when not a list. */
function entries(value: unknown): Record<string, unknown>[] | undefined {
  return Array.isArray(value) ? value.map((v) => (isRecord(v) ? v : {})) : undefined;
}

function isValid<T>(schema: z.ZodType<T>, value: unknown): value is T {
  return schema.safeParse(value).success;
}

/** A field's path as written in JavaScript: `items[3].end`, `rooms`, `(root)` for the file itself. */
function fieldPath(path: readonly PropertyKey[]): string {
  if (!path.length) return '(root)';
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i ? '.' : ''}${String(key)}`)).join('');
}

/**
 * One readable line per problem, naming the field: "items[3].end: ends (09:00) before it starts (09:30)". In the
 * file's order: zod lists the fields' own problems before those of the rules that compare fields, and an item's
 * problems read better together, items in order.
 */
export function describeIssues(error: z.ZodError): string[] {
  return inFileOrder(error.issues).map((i) => `${fieldPath(i.path)}: ${i.message}`);
}

/** Sorted by path: list positions by number, keys in the order they first appear, a list's own problem first. */
function inFileOrder(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  const keyOrder = new Map<PropertyKey, number>();
  for (const { path } of issues) for (const key of path) if (typeof key !== 'number' && !keyOrder.has(key)) keyOrder.set(key, keyOrder.size);
  const rank = (key: PropertyKey) => (typeof key === 'number' ? key : (keyOrder.get(key) ?? 0));
  return [...issues].sort((a, b) => {
    for (let k = 0; k < Math.min(a.path.length, b.path.length); k++) {
      const d = rank(a.path[k]!) - rank(b.path[k]!);
      if (d) return d;
    }
    return a.path.length - b.path.length;
  });
}
