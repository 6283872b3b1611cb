import { useId } from 'react';
import { Layout } from '../components/Layout';
import { icsUrl } from '../net/api';
import { attendeePath } from '../lib/routes';
import type { AgendaState } from '../../../shared/protocol/messages';
import type { Programme } from '../../../shared/protocol/programme';
import type { RoomsInfo } from '../../../shared/domain/moderation';
import { useT } from '../i18n/useT';

export function LoadingPage({ live = false }: { live?: boolean }) {
  const t = useT();
  return (
    <Layout title={t('pages.loadingProgramme')} live={live}>
      <p className="loading">{t('pages.loadingProgramme')}</p>
    </Layout>
  );
}

/** While a page's code is on its way (a lazily loaded view, App): announced, as the pages' own loading states are not. */
export function ViewLoadingPage() {
  const t = useT();
  return (
    <Layout title={t('pages.loadingTitle')}>
      <p className="loading" role="status">
        {t('pages.loadingPage')}
      </p>
    </Layout>
  );
}

/** A role link the server refused (revoked, expired, or for another server) or a link without its token. */
export function RefusedPage({ code, reason }: { code: string; reason: string | null }) {
  const t = useT();
  return (
    <Layout title={t('pages.refusedTitle')} live={reason !== null}>
      <div className="card narrow">
        <p role="alert" className="alert alert-error">
          {t('pages.refusedAlert')}
        </p>
        {reason && <p className="muted">{t('pages.refusedReason', { reason })}</p>}
        <p>{t('pages.refusedAdvice')}</p>
        <p className="actions-row">
          <a className="button" href={attendeePath(code)}>
            {t('pages.openAttendeeView')}
          </a>
        </p>
      </div>
    </Layout>
  );
}

/**
 * The server speaks another version of the protocol than this page's build (it was deployed since the page was
 * opened): nothing connects until the page is reloaded. Replaces any page (App); the alert is announced, and the
 * button, the first control after the skip link, repeats it as its description.
 */
export function OutdatedPage() {
  const t = useT();
  const alertId = useId();
  return (
    <Layout title={t('pages.outdatedTitle')}>
      <div className="card narrow">
        <p id={alertId} role="alert" className="alert alert-error">
          {t('pages.outdatedAlert')}
        </p>
        <p>{t('pages.outdatedReassure')}</p>
        <p className="actions-row">
          <button type="button" className="button button-primary" aria-describedby={alertId} onClick={() => window.location.reload()}>
            {t('pages.reload')}
          </button>
        </p>
      </div>
    </Layout>
  );
}

export function ProgrammeFooter({ agenda, eventId }: { agenda: AgendaState; eventId: string }) {
  const t = useT();
  const { programme } = agenda;
  return (
    <>
      {programme.venue && <p>{programme.venue}</p>}
      {programme.hashtags.length > 0 && <p className="hashtags">{programme.hashtags.join(' ')}</p>}
      <p>
        <a href={icsUrl(eventId)} download>
          {t('pages.downloadIcs')}
        </a>
      </p>
    </>
  );
}

export function NotFoundPage() {
  const t = useT();
  return (
    <Layout title={t('pages.notFoundTitle')}>
      <div className="card narrow">
        <p>{t('pages.notFoundText')}</p>
        <p className="actions-row">
          <a className="button" href="/">
            {t('pages.enterEventCode')}
          </a>
        </p>
      </div>
    </Layout>
  );
}

/** The rooms as the moderation rules need them: which is the plenary (who may pause the whole event), and their names. */
export function roomsInfo(programme: Programme): RoomsInfo {
  return {
    plenaryId: programme.rooms.find((r) => r.kind === 'plenary')?.id ?? null,
    names: Object.fromEntries(programme.rooms.map((r) => [r.id, r.name])),
  };
}
