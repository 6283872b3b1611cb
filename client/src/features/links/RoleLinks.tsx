import type { AgendaState, LinkView, Me } from '../../../../shared/protocol/messages';
import { useApp } from '../../state/store';
import { useT } from '../../i18n/useT';
import { copyText } from './copyText';
import { IssueLinkForm } from './IssueLinkForm';
import { LinksTable } from './LinksTable';
import type { LinksState } from './useLinks';

interface RoleLinksProps {
  agenda: AgendaState;
  me: Me;
  state: LinksState;
}

/** The role links: the list (copy, revoke) and a form to issue a new one. */
export function RoleLinks({ agenda, me, state }: RoleLinksProps) {
  const t = useT();
  const toast = useApp((s) => s.toast);
  const { links, error, refresh } = state;

  async function copyLink(link: LinkView) {
    const ok = await copyText(link.url);
    toast(ok ? 'info' : 'error', ok ? t('links.copied', { label: link.label }) : t('links.copyFailed'));
  }

  return (
    <section className="card links-card" aria-labelledby="links-heading" id="links">
      <h2 id="links-heading">{t('links.heading')}</h2>
      <p className="muted">{t('links.intro')}</p>
      {error && (
        <div role="alert" className="alert alert-error">
          <p>{error}</p>
          <button type="button" className="button button-small" onClick={refresh}>
            {t('links.tryAgain')}
          </button>
        </div>
      )}
      {!links && !error && <p className="loading">{t('links.loading')}</p>}
      {links && <LinksTable links={links.links} me={me} rooms={agenda.programme.rooms} onCopy={(link) => void copyLink(link)} onRevoked={refresh} />}
      <IssueLinkForm agenda={agenda} onIssued={refresh} />
    </section>
  );
}
