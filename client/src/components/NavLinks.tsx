import { attendeePath } from '../lib/routes';
import { useT } from '../i18n/useT';

export interface NavLink {
  href: string;
  label: string;
  /** A file to save (the calendar) rather than a place to go. */
  download?: boolean;
}

/** The header's in-page links, and (for role views) the attendee view in a new tab. */
export function NavLinks({ links, attendeeCode }: { links: NavLink[]; attendeeCode?: string }) {
  const t = useT();
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
            {t('pages.attendeeView')} <span className="sr-only">{t('pages.opensInNewTab')}</span>
          </a>
        </li>
      )}
    </ul>
  );
}
