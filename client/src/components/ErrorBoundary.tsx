import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useT } from '../i18n/useT';

/** A last resort: a readable message and a way out instead of a blank panel. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('The page failed to render', error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return <Failed />;
  }
}

/** The words of the last resort, in the person's language. */
function Failed() {
  const t = useT();
  return (
    <main id="main" className="page">
      <h1>{t('pages.crashTitle')}</h1>
      <p>{t('pages.crashText')}</p>
      <p>
        <button type="button" className="button button-primary" onClick={() => window.location.reload()}>
          {t('pages.reloadPage')}
        </button>
      </p>
    </main>
  );
}
