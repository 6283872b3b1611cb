import { t } from '../i18n/i18n';
import type { Person } from '../../../shared/protocol/programme';

/** A name with its affiliation below it; a hidden comma keeps them apart for screen readers. */
export function PersonLine({ person, withAffiliation = true }: { person: Person; withAffiliation?: boolean }) {
  return (
    <>
      <span className="person-name">{person.name}</span>
      {withAffiliation && person.affiliation && (
        <span className="person-aff">
          <span className="sr-only">, </span>
          {person.affiliation}
        </span>
      )}
    </>
  );
}

export interface PeopleGroup {
  label: string;
  people: Person[];
}

/** Chairs, speakers, rapporteur: a definition list, one term per role, skipping empty roles. */
export function People({ groups, className = 'people', withAffiliations = true }: { groups: PeopleGroup[]; className?: string; withAffiliations?: boolean }) {
  const shown = groups.filter((g) => g.people.length > 0);
  if (!shown.length) return null;
  return (
    <dl className={className}>
      {shown.map((g) => (
        <div key={g.label} className="people-group">
          <dt>{g.label}</dt>
          <dd>
            <ul>
              {g.people.map((p, i) => (
                <li key={`${p.name}-${i}`}>
                  <PersonLine person={p} withAffiliation={withAffiliations} />
                </li>
              ))}
            </ul>
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** The roles' names, in the active language ("Chair", "Speakers"), for the people of an item. */
export function itemPeople(item: { kind: string; chairs: Person[]; speakers: Person[]; rapporteur?: Person | undefined }): PeopleGroup[] {
  const panel = item.kind === 'panel';
  return [
    { label: panel ? t('live.moderators', { count: item.chairs.length }) : t('live.chairs', { count: item.chairs.length }), people: item.chairs },
    { label: panel ? t('live.panellists', { count: item.speakers.length }) : t('live.speakers', { count: item.speakers.length }), people: item.speakers },
    { label: t('live.rapporteur'), people: item.rapporteur ? [item.rapporteur] : [] },
  ];
}
