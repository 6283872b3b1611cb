import { useEffect, type ReactNode } from 'react';
import { ConnectionIndicator } from './ConnectionIndicator';
import { Toasts } from './Toasts';
import { useApp } from '../state/store';
import { LanguageMenu } from '../i18n/LanguageMenu';
import { useT } from '../i18n/useT';
import { NOTICE_WORDS } from '../lib/failures';

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
  children: ReactNode;
}

/** The page frame: skip link, header (brand, connection, h1, navigation), main, footer, and the toasts. */
export function Layout({ title, subtitle, roleLabel, live = false, nav, navLabel, documentTitle, footer, wide = false, children }: LayoutProps) {
  const t = useT();
  const fullTitle = t('common.documentTitle', { page: documentTitle ?? title });
  useEffect(() => {
    document.title = fullTitle;
  }, [fullTitle]);

  return (
    <div className={wide ? 'page page-wide' : 'page'}>
      <a className="skip-link" href="#main">
        {t('common.skipToContent')}
      </a>
      <header className="site-header">
        <div className="topbar">
          <span className="brand">
            <span className="brand-mark" aria-hidden="true" />
            {t('common.product')}
          </span>
          {roleLabel && <span className="role-badge">{roleLabel}</span>}
          {live && <ConnectionIndicator />}
          <LanguageMenu />
        </div>
        <h1>{title}</h1>
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
