import { useId, useRef } from 'react';
import type { AttendanceSample } from '../../../../shared/protocol/overview';
import type { Room } from '../../../../shared/protocol/programme';
import { localClock } from '../../lib/time';
import { useLanguage, useT } from '../../i18n/useT';
import { DataTable } from './DataTable';
import { useWidth } from './useWidth';

const HEIGHT = 180;
const PAD = { top: 12, right: 12, bottom: 26, left: 36 };
/** Six series styles (colour and dash), then they repeat: the legend and the table tell the rooms apart too. */
const STYLES = 6;

/**
 * People connected over time, per room and in all: a line each, drawn in SVG at the container's width. The table
 * behind it (every sample, every room) is the same data for a screen reader, a keyboard or a printout.
 */
export function AttendanceChart({ samples, rooms }: { samples: readonly AttendanceSample[]; rooms: readonly Room[] }) {
  const t = useT();
  const language = useLanguage();
  const id = useId();
  const box = useRef<HTMLElement>(null);
  const width = useWidth(box, 600);
  const titleId = `${id}-title`;
  const summaryId = `${id}-summary`;

  const series = [
    { key: 'total', label: t('overview.allRooms'), className: 'series-total', value: (s: AttendanceSample) => s.total },
    ...rooms.map((room, i) => ({ key: room.id, label: room.name, className: `series-${i % STYLES}`, value: (s: AttendanceSample) => s.rooms[room.id] ?? 0 })),
  ];
  const max = Math.max(1, ...samples.map((s) => s.total));
  const first = samples[0]?.at ?? 0;
  const last = samples[samples.length - 1]?.at ?? 0;
  const span = Math.max(1, last - first);
  const plotWidth = Math.max(1, width - PAD.left - PAD.right);
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const x = (at: number) => PAD.left + (samples.length > 1 ? ((at - first) / span) * plotWidth : plotWidth / 2);
  const y = (n: number) => PAD.top + plotHeight - (n / max) * plotHeight;

  return (
    <figure ref={box} className="chart">
      <figcaption>
        <h3 id={titleId} className="chart-title">
          {t('overview.attendanceChartTitle')}
        </h3>
        <p id={summaryId} className="muted chart-summary">
          {samples.length ? t('overview.attendanceChartSummary', { n: samples.length }) : t('overview.attendanceEmpty')}
        </p>
      </figcaption>
      {samples.length > 0 && (
        <>
          <div className="chart-box">
            <svg role="img" aria-labelledby={titleId} aria-describedby={summaryId} width={width} height={HEIGHT} viewBox={`0 0 ${width} ${HEIGHT}`}>
              <line className="chart-axis" x1={PAD.left} y1={y(0)} x2={PAD.left + plotWidth} y2={y(0)} />
              <line className="chart-grid" x1={PAD.left} y1={y(max)} x2={PAD.left + plotWidth} y2={y(max)} />
              <text className="chart-label" x={PAD.left - 6} y={y(max)} textAnchor="end" dominantBaseline="middle">
                {max}
              </text>
              <text className="chart-label" x={PAD.left - 6} y={y(0)} textAnchor="end" dominantBaseline="middle">
                {0}
              </text>
              <text className="chart-label" x={PAD.left} y={HEIGHT - 6} textAnchor="start">
                {localClock(first, language)}
              </text>
              {samples.length > 1 && (
                <text className="chart-label" x={PAD.left + plotWidth} y={HEIGHT - 6} textAnchor="end">
                  {localClock(last, language)}
                </text>
              )}
              {series.map((s) =>
                samples.length > 1 ? (
                  <polyline key={s.key} className={`chart-line ${s.className}`} points={samples.map((p) => `${x(p.at)},${y(s.value(p))}`).join(' ')} />
                ) : (
                  <circle key={s.key} className={`chart-dot ${s.className}`} cx={x(samples[0]!.at)} cy={y(s.value(samples[0]!))} r={4} />
                ),
              )}
            </svg>
          </div>
          <ul className="chart-legend">
            {series.map((s) => (
              <li key={s.key}>
                <svg aria-hidden="true" width="28" height="10" viewBox="0 0 28 10">
                  <line className={`chart-line ${s.className}`} x1="1" y1="5" x2="27" y2="5" />
                </svg>
                {s.label}
              </li>
            ))}
          </ul>
          <DataTable
            columns={[t('overview.columnTime'), ...series.map((s) => s.label)]}
            rows={samples.map((sample) => ({ key: String(sample.at), head: localClock(sample.at, language), cells: series.map((s) => s.value(sample)) }))}
          />
        </>
      )}
    </figure>
  );
}
