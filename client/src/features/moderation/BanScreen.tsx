import { Layout } from '../../components/Layout';
import { useT } from '../../i18n/useT';

/** What a banned attendee sees instead of the event: that they were removed, and the reason (in the refusal's words). */
export function BanScreen({ refusal, onLeave }: { refusal: string | null; onLeave: () => void }) {
  const t = useT();
  return (
    <Layout title={t('suspension.bannedTitle')}>
      <div className="card ban-screen">
        <p role="alert" className="alert alert-error">
          {refusal ?? t('suspension.bannedTitle')}
        </p>
        <p>{t('suspension.bannedAdvice')}</p>
        <p>
          <button type="button" className="button" onClick={onLeave}>
            {t('suspension.leave')}
          </button>
        </p>
      </div>
    </Layout>
  );
}
