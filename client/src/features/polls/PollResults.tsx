import { results, type PollResults } from '../../../../shared/domain/polls';
import type { Poll, Tally } from '../../../../shared/protocol/polls';
import { T } from '../../i18n/Trans';
import { useLanguage, useT } from '../../i18n/useT';
import { numberText, percentText, votersText } from './common';
import './polls.css';

export type ResultsVariant = 'panel' | 'console' | 'present';

interface PollResultsViewProps {
  poll: Poll;
  tally: Pick<Tally, 'counters' | 'answers'>;
  variant: ResultsVariant;
  /** Open text: the answers to list (the chair's full list); defaults to the tally's. */
  answers?: string[] | undefined;
  /** Open text, attendees: whether the chair shares the answers. */
  answersShown?: boolean;
}

/**
 * A poll's results as text first (label, count, percentage) with a bar beside; the word cloud as a list of words
 * sized by count; the ranking with its method stated. Bars are drawn with a width set through React's style
 * property (allowed by the CSP, unlike a <style> element).
 */
export function PollResultsView({ poll, tally, variant, answers, answersShown = true }: PollResultsViewProps) {
  const r = results(poll, tally);
  const t = useT();
  return (
    <div className={`poll-results poll-results-${variant}`} data-results={r.kind}>
      <p className="poll-voters">{r.voters ? votersText(r.voters) : t('polls.noVotes')}</p>
      <ResultsBody poll={poll} r={r} variant={variant} answers={answers} answersShown={answersShown} />
    </div>
  );
}

function Sep() {
  return (
    <>
      <span aria-hidden="true"> · </span>
      <span className="sr-only">, </span>
    </>
  );
}

function Bar({ percent }: { percent: number }) {
  return (
    <div className="poll-bar-track" aria-hidden="true">
      <div className="poll-bar-fill" style={{ width: `${Math.max(0, Math.min(100, percent))}%` }} />
    </div>
  );
}

function ResultsBody({
  poll,
  r,
  variant,
  answers,
  answersShown,
}: {
  poll: Poll;
  r: PollResults;
  variant: ResultsVariant;
  answers: string[] | undefined;
  answersShown: boolean;
}) {
  const t = useT();
  const language = useLanguage();
  const num = (n: number) => numberText(n, language);
  switch (r.kind) {
    case 'choice': {
      const top = Math.max(0, ...r.options.map((o) => o.count));
      return (
        <>
          <ul className="poll-bars">
            {r.options.map((o) => (
              <li key={o.id} className={top > 0 && o.count === top ? 'poll-bar-row is-top' : 'poll-bar-row'}>
                <div className="poll-bar-text">
                  <span className="poll-bar-label">{o.label}</span>
                  <span className="poll-bar-figures">
                    {t('polls.votes', { count: o.count })}
                    <Sep />
                    {percentText(o.percent, language)}
                  </span>
                </div>
                <Bar percent={o.percent} />
              </li>
            ))}
          </ul>
          {poll.type === 'multiple' && variant !== 'present' && (
            <p className="poll-note">{poll.maxPicks ? t('polls.pickUpTo', { max: poll.maxPicks }) : t('polls.pickSeveral')}</p>
          )}
        </>
      );
    }
    case 'rating': {
      const scale = poll.scale;
      return (
        <>
          {r.average !== null && (
            <p className="poll-average">
              <T id={'polls.average'} values={{ average: num(r.average) }} components={{ 0: <strong /> }} />
              {scale && <span className="poll-average-scale"> {t('polls.scaleRange', { min: num(scale.min), max: num(scale.max) })}</span>}
            </p>
          )}
          <ul className="poll-bars">
            {r.distribution.map((d) => {
              const end = scale && d.value === scale.min ? scale.minLabel : scale && d.value === scale.max ? scale.maxLabel : undefined;
              return (
                <li key={d.value} className="poll-bar-row">
                  <div className="poll-bar-text">
                    <span className="poll-bar-label">
                      {num(d.value)}
                      {end && <span className="poll-bar-sublabel"> ({end})</span>}
                    </span>
                    <span className="poll-bar-figures">
                      {t('polls.votes', { count: d.count })}
                      <Sep />
                      {percentText(d.percent, language)}
                    </span>
                  </div>
                  <Bar percent={d.percent} />
                </li>
              );
            })}
          </ul>
        </>
      );
    }
    case 'wordcloud': {
      if (!r.words.length) return null;
      const max = r.words[0]?.count ?? 1;
      const min = r.words[r.words.length - 1]?.count ?? 1;
      const [from, to] = variant === 'present' ? [1.1, 3.6] : [0.95, 2];
      // Square root: a word said four times as often is twice as large, not four times.
      const size = (count: number) =>
        max === min ? (from + to) / 2 : from + ((Math.sqrt(count) - Math.sqrt(min)) / (Math.sqrt(max) - Math.sqrt(min))) * (to - from);
      return (
        <ul className="poll-cloud" aria-label={t('polls.cloudLabel')}>
          {r.words.map((w, i) => (
            <li key={w.word} className={`poll-word poll-word-${i % 4}`} style={{ fontSize: `${size(w.count).toFixed(2)}em` }}>
              <span className="poll-word-text">{w.word}</span> <span className={variant === 'present' ? 'sr-only' : 'poll-word-count'}>({w.count})</span>
            </li>
          ))}
        </ul>
      );
    }
    case 'ranking': {
      const n = poll.options.length;
      const maxPoints = r.voters * (n - 1);
      return (
        <>
          <p className="poll-note poll-method">{t('polls.bordaMethod', { first: n - 1, second: n - 2 })}</p>
          <ol className="poll-bars poll-ranking">
            {r.options.map((o, i) => (
              <li key={o.id} className={i === 0 && r.voters > 0 ? 'poll-bar-row is-top' : 'poll-bar-row'}>
                <div className="poll-bar-text">
                  <span className="poll-bar-label">
                    <span className="poll-rank-place">{i + 1}.</span> {o.label}
                  </span>
                  <span className="poll-bar-figures">
                    {t('polls.points', { count: o.points })}
                    <Sep />
                    {t('polls.averagePosition', { position: o.averagePosition === null ? '–' : num(o.averagePosition) })}
                  </span>
                </div>
                <Bar percent={maxPoints ? (o.points / maxPoints) * 100 : 0} />
              </li>
            ))}
          </ol>
        </>
      );
    }
    case 'open': {
      const list = answers ?? r.answers;
      if (!answersShown) return <p className="poll-note">{t('polls.answersNotShared')}</p>;
      if (!list.length) return null;
      const shown = variant === 'present' ? list.slice(0, 8) : list;
      return (
        <ul className="poll-answers" aria-label={t('polls.answers')}>
          {shown.map((a, i) => (
            <li key={i}>{a}</li>
          ))}
        </ul>
      );
    }
  }
}
