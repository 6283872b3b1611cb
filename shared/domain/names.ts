import { DomainError } from '../protocol/errors';

/**
 * Display names are optional (anonymous by default). Names that pose as a role are refused, since badges come
 * only from the server-side role; so are names that pose as a chair of the event's programme. Compared word by
 * word on the name's skeleton: look-alike letters of any script mapped to Latin ones (Unicode TR39 confusables,
 * given by the server: see `Skeleton`), then case, accents, spacing and look-alike digits folded.
 */
const RESERVED = [
  'moderator',
  'chair',
  'chairperson',
  'chairman',
  'chairwoman',
  'organiser',
  'organizer',
  'host',
  'cohost',
  'admin',
  'administrator',
  'rapporteur',
  'staff',
  'system',
  'official',
  // The role names in the other languages the interface speaks (docs/LANGUAGES.md), folded: a French or German
  // attendee posing as staff writes these.
  'moderateur',
  'moderatrice',
  'moderation',
  'animateur',
  'animatrice',
  'organisateur',
  'organisatrice',
  'organisation',
  'administrateur',
  'administratrice',
  'rapporteuse',
  'sitzungsleitung',
  'veranstalter',
  'organisator',
  'gastgeber',
  'berichterstatter',
  'berichterstattung',
];
/** A reserved word's plural and German feminine forms are reserved too (Moderatorin, Veranstalterinnen, Admins). */
const ENDINGS = ['', 's', 'in', 'innen', 'en'];
const RESERVED_FORMS = new Set(RESERVED.flatMap((r) => ENDINGS.map((e) => r + e)));

/**
 * Maps a string to its confusable skeleton: "Сhair" (Cyrillic С) and "Chair" give the same. The server passes the
 * TR39 table of a maintained library (`server/core/names.ts`, a native module that stays out of the browser); this
 * default only folds compatibility forms (full-width, mathematical letters) and accents.
 */
export type Skeleton = (text: string) => string;
const compatibilityOnly: Skeleton = (text) => text.normalize('NFKD');

export function fold(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/0/g, 'o')
    .replace(/[1!|]/g, 'l')
    .replace(/3/g, 'e')
    .replace(/4|@/g, 'a')
    .replace(/[^a-z]/g, '');
}

/**
 * The words of a name as compared (N2): its skeleton cut at spaces and punctuation, each word folded. A word with
 * digits around it counts both with them read as letters ("M0derator") and without them ("Admin1").
 */
function wordsOf(name: string, skeleton: Skeleton): string[][] {
  const words = skeleton(name)
    .split(/[^\p{L}\p{N}@!|]+/u)
    .filter(Boolean);
  return words.map((w) => [...new Set([fold(w), fold(w.replace(/^\d+|\d+$/g, ''))])].filter(Boolean));
}

/** Whether the name poses as a role: one of its words is a role word, or the whole name is one ("C h a i r", "co-host"). */
function posesAsRole(name: string, skeleton: Skeleton): boolean {
  if (RESERVED_FORMS.has(fold(skeleton(name)))) return true;
  return wordsOf(name, skeleton).some((forms) => forms.some((f) => RESERVED_FORMS.has(f)));
}

/** A name's words folded one after the other, each between spaces: "Dr. Ánna Schmidt" → " dr anna schmidt ". */
function wordLine(name: string, skeleton: Skeleton): string {
  return ` ${wordsOf(name, skeleton)
    .map((forms) => forms[0])
    .join(' ')} `;
}

/** The refusal of a name that poses as a role (reason 'name.reserved'), or null when the name may be used. */
export function reservedNameReason(name: string, skeleton: Skeleton = compatibilityOnly): DomainError | null {
  return posesAsRole(name, skeleton)
    ? new DomainError('BAD_REQUEST', `"${name}" looks like a role; roles are shown by the app itself. Please pick another name or stay anonymous.`, {
        reason: 'name.reserved',
        params: { name },
      })
    : null;
}

/**
 * The refusal of a name that poses as one of the event's staff (reason 'name.staff'): the name holds a staff
 * member's whole name, word for word, on the skeleton ("Anna Schmidt", "Dr Аnna Schmidt" with a Cyrillic А),
 * or null. Names of a single short word are left out: they would refuse every "Anna".
 */
export function staffNameReason(name: string, staffNames: readonly string[], skeleton: Skeleton = compatibilityOnly): DomainError | null {
  const line = wordLine(name, skeleton);
  const hit = staffNames.some((staff) => {
    const words = wordLine(staff, skeleton).trim();
    return (words.includes(' ') || words.length >= 6) && line.includes(` ${words} `);
  });
  return hit
    ? new DomainError('BAD_REQUEST', `"${name}" is the name of a member of this event's staff. Please pick another name or stay anonymous.`, {
        reason: 'name.staff',
        params: { name },
      })
    : null;
}

/** Strips control, bidi and zero-width characters and folds white space. Empty means anonymous. */
export function cleanName(raw: string | undefined): string | null {
  const cleaned = (raw ?? '')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
  return cleaned.length ? cleaned : null;
}

/** How a name is compared: the confusables table, and the names of the event's staff (its programme's chairs). */
export interface NameCheck {
  skeleton?: Skeleton;
  staffNames?: readonly string[];
}

/**
 * The display name a person may take, at join or in a rename (N1, N2, N6): the name cleaned (null: anonymous), or
 * the refusal of a name that poses as a role or as one of the event's staff, thrown.
 */
export function admissibleName(raw: string | undefined, check: NameCheck = {}): string | null {
  const name = cleanName(raw);
  if (!name) return null;
  const refusal = reservedNameReason(name, check.skeleton) ?? staffNameReason(name, check.staffNames ?? [], check.skeleton);
  if (refusal) throw refusal;
  return name;
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;

/** User text (questions, replies): control, bidi-override and zero-width characters removed, kept otherwise. */
export function cleanText(raw: string): string {
  return raw
    .replace(INVISIBLE, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
