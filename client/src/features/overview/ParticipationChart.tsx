import { useId } from 'react';
import type { SessionFigures } from '../../../../shared/protocol/overview';
import type { AgendaItem, Room } from '../../../../shared/protocol/programme';
import { intlLocale } from '../../lib/time';
import { useLanguage, useT } from '../../i18n/useT';
import { DataTable } from './DataTable';

/** What one session's bar adds up: everything attendees did in it. */
const participation = (s: SessionFigures) => s.asked + s.votes + s.chat + (s.contributions ?? 0);

/**
 * Participation per session: one bar each (questions, votes, chat messages and key-topic answers added up), the
 * session's title above it and the figure beside it. The table behind it has every figure apart, attendance included.
 */
export function ParticipationChart({
  sessions,
  items,
  rooms,
}: {
  sessions: readonly SessionFigures[];
  items: ReadonlyMap<string, AgendaItem>;
  rooms: ReadonlyMap<string, Room>;
}) {
  const t = useT();
  const id = useId();
  const titleId = `${id}-title`;
  const summaryId = `${id}-summary`;
  const max = Math.max(1, ...sessions.map(participation));
  const none = t('overview.noFigure');
  const language = useLanguage();
  const number = new Intl.NumberFormat(intlLocale(language));
  const figure = (n: number | null) => (n === null ? none : number.format(n));
  const title = (s: SessionFigures) => items.get(s.itemId)?.title ?? s.itemId;

  return (
    <figure className="chart">
      <figcaption>
        <h3 id={titleId} className="chart-title">
          {t('overview.participationChartTitle')}
        </h3>
        <p id={summaryId} className="muted chart-summary">
          {sessions.length ? t('overview.participationChartSummary') : t('overview.sessionsEmpty')}
        </p>
      </figcaption>
      {sessions.length > 0 && (
        <>
          <ol className="bars" aria-labelledby={titleId}>
            {sessions.map((s) => (
              <li key={s.itemId}>
                <span className="bar-label">
                  {title(s)} <span className="muted">{rooms.get(s.roomId)?.name ?? s.roomId}</span>
                </span>
                <span className="bar-row">
                  <svg className="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
                    <rect className="bar-fill" x="0" y="0" width={(participation(s) / max) * 100} height="10" />
                  </svg>
                  <span className="bar-value">{participation(s)}</span>
                </span>
              </li>
            ))}
          </ol>
          <DataTable
            columns={[
              t('overview.columnSession'),
              t('overview.columnRoom'),
              t('overview.columnPeak'),
              t('overview.columnAverage'),
              t('overview.columnAsked'),
              t('overview.columnApproved'),
              t('overview.columnAnswered'),
              t('overview.columnVotes'),
              t('overview.columnChat'),
              t('overview.columnSignups'),
              t('overview.columnContributions'),
              t('overview.columnParticipation'),
            ]}
            rows={sessions.map((s) => ({
              key: s.itemId,
              head: title(s),
              cells: [
                rooms.get(s.roomId)?.name ?? s.roomId,
                figure(s.peak),
                figure(s.average),
                s.asked,
                s.approved,
                s.answered,
                s.votes,
                s.chat,
                figure(s.signups),
                figure(s.contributions),
                participation(s),
              ],
            }))}
          />
        </>
      )}
    </figure>
  );
}
