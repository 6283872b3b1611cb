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

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

export function itemPeople(item: { kind: string; chairs: Person[]; speakers: Person[]; rapporteur?: Person | undefined }): PeopleGroup[] {
  return [
    { label: plural(item.chairs.length, item.kind === 'panel' ? 'Moderator' : 'Chair', item.kind === 'panel' ? 'Moderators' : 'Chairs'), people: item.chairs },
    {
      label: item.kind === 'panel' ? plural(item.speakers.length, 'Panellist', 'Panellists') : plural(item.speakers.length, 'Speaker', 'Speakers'),
      people: item.speakers,
    },
    { label: 'Rapporteur', people: item.rapporteur ? [item.rapporteur] : [] },
  ];
}
