import type { LinkRole } from '../../../shared/protocol/messages';
import { useAgenda, useRefusal, useSession } from '../state/selectors';
import { ChairView } from './ChairView';
import { LoadingPage, RefusedPage } from './common';
import { OrganiserView } from './OrganiserView';
import { RapporteurView } from './RapporteurView';
import { useLiveConnection } from './useLiveConnection';
import { useT } from '../i18n/useT';
import './staff.css';

/** /e/CODE/{chair,rapporteur,organiser}?t=TOKEN: the role comes from the verified token, not from the path. */
export function LinkPage({ code, token }: { code: string; role: LinkRole; token: string | null }) {
  const t = useT();
  useLiveConnection(token);
  const agenda = useAgenda();
  const { me, event } = useSession();
  const { status, refusal } = useRefusal();

  if (!token) return <RefusedPage code={code} reason={null} />;
  if (status === 'refused') return <RefusedPage code={code} reason={refusal} />;
  if (!agenda || !me || !event) return <LoadingPage live />;

  switch (me.role) {
    case 'chair':
      return <ChairView agenda={agenda} me={me} event={event} />;
    case 'rapporteur':
      return <RapporteurView agenda={agenda} me={me} event={event} />;
    case 'organiser':
      return <OrganiserView agenda={agenda} me={me} event={event} token={token} />;
    default:
      return <RefusedPage code={code} reason={t('staffPages.attendeeSessionNotLink')} />;
  }
}
