import { useEffect, useRef, type ReactNode } from 'react';
import { focusTarget } from '../lib/focusTarget';
import { LanguageMenu } from '../i18n/LanguageMenu';
import { useT } from '../i18n/useT';
import { NOTICE_WORDS } from '../lib/failures';
import { ConnectionIndicator } from './ConnectionIndicator';
import { Toasts } from './Toasts';
import { useApp } from '../state/store';

interface LayoutProps {
  /** The page's one h1. */
  title: string;
  subtitle?: string | undefined;
  /** "Chair · Plenary", shown as a badge beside the product name. */
  roleLabel?: string | undefined;
  /** Show the live connection state (pages with a socket). */
  live?: boolean;
  /** Links shown in the header's navigation landmark. */
  nav?: ReactNode;
  navLabel?: string;
  /** The document title; defaults to the h1. */
  documentTitle?: string;
  footer?: ReactNode;
  wide?: boolean;
  /** More skip links after "Skip to content" ("Ask a question", "Vote"): each moves the focus to its target. */
  skipLinks?: SkipLink[];
  /** Focus the h1 once on mount (a page just reached by a form, such as Join), so reading starts at the top. */
  focusTitle?: boolean;
  children: ReactNode;
}

export interface SkipLink {
  label: string;
  /** A CSS selector: the element that takes the focus (the question's text box, a poll's first choice). */
  target: string;
}

/** The page frame: skip link, header (brand, connection, h1, navigation), main, footer, and the toasts. */
export function Layout({
  title,
  subtitle,
  roleLabel,
  live = false,
  nav,
  navLabel,
  documentTitle,
  footer,
  wide = false,
  skipLinks = [],
  focusTitle = false,
  children,
}: LayoutProps) {
  const t = useT();
  const heading = useRef<HTMLHeadingElement>(null);
  const fullTitle = t('common.documentTitle', { page: documentTitle ?? title });
  useEffect(() => {
    document.title = fullTitle;
  }, [fullTitle]);
  useEffect(() => {
    if (focusTitle) heading.current?.focus();
    // Once, on mount: a later change of the flag must not pull the focus away from where the person is.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <div className={wide ? 'page page-wide' : 'page'}>
      <div className="skip-links">
        <a className="skip-link" href="#main">
          {t('common.skipToContent')}
        </a>
        {skipLinks.map((l) => (
          <a
            key={l.label}
            className="skip-link"
            href={l.target.startsWith('#') ? l.target.split(' ')[0] : '#main'}
            onClick={(e) => {
              if (focusTarget(l.target)) e.preventDefault();
            }}
          >
            {l.label}
          </a>
        ))}
      </div>
      <header className="site-header">
        <div className="topbar">
          <span className="brand">
            <span className="brand-mark" aria-hidden="true" />
            <span className="brand-name">{t('common.product')}</span>
          </span>
          {roleLabel && <span className="role-badge">{roleLabel}</span>}
          {live && <ConnectionIndicator />}
          <LanguageMenu />
        </div>
        <h1 ref={heading} tabIndex={-1} className="page-title">
          {title}
        </h1>
        {subtitle && <p className="subtitle">{subtitle}</p>}
        {nav && (
          <nav aria-label={navLabel ?? t('common.pageNav')} className="site-nav">
            {nav}
          </nav>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        <DataLostBanner />
        {children}
      </main>
      {footer && <footer className="site-footer">{footer}</footer>}
      <Toasts />
    </div>
  );
}

/** When the server says its data store was reset: stays on screen, since nothing shown can be trusted as current. */
export function DataLostBanner() {
  const t = useT();
  const notice = useApp((s) => s.session.notice);
  if (!notice) return null;
  return (
    <div role="alert" className="alert alert-error">
      <p>{t(NOTICE_WORDS[notice.code])}</p>
    </div>
  );
}
