import type { AgendaState, EventMeta, Me } from '../../../shared/protocol/messages';
import { Layout } from '../components/Layout';
import { NavLinks } from '../components/NavLinks';
import { RoleLinks } from '../features/links/RoleLinks';
import { ShareCard } from '../features/links/ShareCard';
import { useLinks } from '../features/links/useLinks';
import { LiveOverview } from '../features/overview/LiveOverview';
import { LiveFigures } from '../features/overview/LiveFigures';
import { ProgrammeAdmin } from '../features/programme/ProgrammeAdmin';
import { BreakoutsAdmin } from '../features/breakouts/BreakoutsAdmin';
import { useT } from '../i18n/useT';
import { SummaryReviews } from '../features/summaries/Review';
import { ModerationConsole } from '../features/moderation/ModerationConsole';
import { ReportCard } from '../features/report/ReportCard';
import { ExportsCard } from '../features/exports/ExportsCard';
import { BackupCard } from '../features/backup/BackupCard';
import { PrivacySettings } from '../features/privacy/PrivacySettings';

interface OrganiserViewProps {
  agenda: AgendaState;
  me: Me;
  event: EventMeta;
  /** The organiser's link token: the bearer of the programme import. */
  token: string;
}

/** The organiser hands out links (attendee URL and QR, role links) and imports the programme. */
export function OrganiserView({ agenda, me, event, token }: OrganiserViewProps) {
  const t = useT();
  const { programme } = agenda;
  // One fetch for both cards: the share card shows the code and QR, the role links card the list.
  const links = useLinks();

  return (
    <Layout
      title={programme.title}
      subtitle={t('overview.pageSubtitle')}
      documentTitle={t('overview.pageTitle')}
      roleLabel={t('overview.role')}
      live
      wide
      navLabel={t('overview.navLabel')}
      nav={
        <NavLinks
          links={[
            { href: '#share', label: t('overview.navShare') },
            { href: '#attendance', label: t('overview.navFigures') },
            { href: '#links', label: t('overview.navLinks') },
            { href: '#programme-admin', label: t('overview.navProgramme') },
            { href: '#summaries', label: t('summaries.navReviews') },
            { href: '#moderation', label: t('moderation.heading') },
            { href: '#report', label: t('report.navReport') },
            { href: '#exports', label: t('exportsCard.heading') },
            { href: '#privacy', label: t('privacyConsole.heading') },
          ]}
          attendeeCode={event.code}
        />
      }
    >
      <div className="organiser-grid">
        <ShareCard title={programme.title} eventCode={event.code} links={links.links} />
        <LiveOverview agenda={agenda} />
        <LiveFigures programme={programme} />
        <RoleLinks agenda={agenda} me={me} state={links} />
        <ProgrammeAdmin agenda={agenda} event={event} token={token} />
        <BreakoutsAdmin eventId={event.id} eventCode={event.code} token={token} />
        <SummaryReviews me={me} />
        <ModerationConsole rooms={programme.rooms} canPauseEvent />
        <ReportCard eventCode={event.code} token={token} />
        <ExportsCard eventId={event.id} eventCode={event.code} token={token} />
        <BackupCard event={event} token={token} />
        <PrivacySettings />
      </div>
    </Layout>
  );
}
