import { DomainError } from '../protocol/errors';

/**
 * Display names are optional (anonymous by default). Names that pose as a role are refused, since badges come
 * only from the server-side role. Compared after folding case, accents, spacing and look-alike digits.
 */
const RESERVED = [
  'moderator',
  'chair',
  'chairperson',
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

/** Strips control, bidi and zero-width characters and folds white space. Empty means anonymous. */
export function cleanName(raw: string | undefined): string | null {
  const cleaned = (raw ?? '')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
  return cleaned.length ? cleaned : null;
}

/** The refusal of a name that poses as a role (reason 'name.reserved'), or null when the name may be used. */
export function reservedNameReason(name: string): DomainError | null {
  const f = fold(name);
  const hit = RESERVED.find((r) => f === r || f.startsWith(r) || f.endsWith(r));
  return hit
    ? new DomainError('BAD_REQUEST', `"${name}" looks like a role; roles are shown by the app itself. Please pick another name or stay anonymous.`, {
        reason: 'name.reserved',
        params: { name },
      })
    : null;
}

/**
 * The display name a person may take, at join or in a rename (N1, N2): the name cleaned (null: anonymous), or the
 * refusal of a name that poses as a role, thrown.
 */
export function admissibleName(raw: string | undefined): string | null {
  const name = cleanName(raw);
  const reserved = name && reservedNameReason(name);
  if (reserved) throw reserved;
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
