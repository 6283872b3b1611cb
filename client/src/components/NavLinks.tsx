import { attendeePath } from '../lib/routes';

export interface NavLink {
  href: string;
  label: string;
  /** A file to save (the calendar) rather than a place to go. */
  download?: boolean;
}

/** The header's in-page links, and (for role views) the attendee view in a new tab. */
export function NavLinks({ links, attendeeCode }: { links: NavLink[]; attendeeCode?: string }) {
  return (
    <ul className="nav-links">
      {links.map((l) => (
        <li key={l.href}>
          <a href={l.href} download={l.download || undefined}>
            {l.label}
          </a>
        </li>
      ))}
      {attendeeCode && (
        <li>
          <a href={attendeePath(attendeeCode)} target="_blank" rel="noopener">
            Attendee view <span className="sr-only">(opens in a new tab)</span>
          </a>
        </li>
      )}
    </ul>
  );
}
