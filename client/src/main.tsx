import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nProvider } from '@lingui/react';
import { App } from './App';
import { ErrorBoundary } from './components/ErrorBoundary';
import { i18n, initialLanguage, setLanguage } from './i18n/i18n';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// The person's language is loaded before the first render (one small chunk), so no page shows in the wrong one.
// If even that fails (offline since the page was fetched, or a deploy removed it), the page says so in the three
// languages and offers a reload: there are no words to show it in otherwise.
setLanguage(initialLanguage()).then(render, () => {
  const message = document.createElement('p');
  message.setAttribute('role', 'alert');
  message.textContent = 'The page could not load. · La page n’a pas pu se charger. · Die Seite konnte nicht geladen werden.';
  const reload = document.createElement('button');
  reload.type = 'button';
  reload.textContent = '↻';
  reload.setAttribute('aria-label', 'Reload');
  reload.addEventListener('click', () => window.location.reload());
  root.replaceChildren(message, reload);
});

function render() {
  createRoot(root!).render(
    <StrictMode>
      <I18nProvider i18n={i18n}>
        <ErrorBoundary>
          <App />
        </ErrorBoundary>
      </I18nProvider>
    </StrictMode>,
  );
}
