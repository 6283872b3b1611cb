import { useId, useMemo } from 'react';
import { results, type PollResults } from '../../../../../shared/domain/polls';
import { contributionsByTopic, type Contribution } from '../../../../../shared/domain/breakouts';
import type { AgendaState } from '../../../../../shared/protocol/agenda';
import type { Poll } from '../../../../../shared/protocol/polls';
import type { Question } from '../../../../../shared/protocol/qa';
import type { Section } from '../../../../../shared/protocol/summaries';
import { useApp } from '../../../state/store';
import { useT } from '../../../i18n/useT';
import { sectionTitle } from '../common';

/** How many of the most upvoted questions are listed. */
const TOP = 5;

/** A question as a Markdown quote that links back to it on the attendees' page. */
export function questionQuote(q: Question, eventCode: string, origin = window.location.origin): string {
  const text = q.text.replace(/\s*\n\s*/g, ' ').trim();
  const link = `${origin}/e/${encodeURIComponent(eventCode)}#qa-text-${q.id}`;
  return `> ${text}\n>\n> — [${q.authorName ?? '?'}](${link})`;
}

/** An answer to a key topic as a Markdown quote that links back to it on the attendees' page. */
export function contributionQuote(c: Contribution, eventCode: string, origin = window.location.origin): string {
  const text = c.text.replace(/\s*\n\s*/g, ' ').trim();
  const link = `${origin}/e/${encodeURIComponent(eventCode)}#contribution-${c.id}`;
  return `> ${text}\n>\n> — [${c.authorName ?? '?'}](${link})`;
}

/** The summary section of a key topic: the template numbers them from 1 (`t1` is the first topic). */
export const topicSectionId = (topic: number) => `t${topic + 1}`;

/**
 * What the breakout's room produced, live beside the editor: its most upvoted and its answered questions, its polls'
 * results and the published answers to its key topics by topic, most upvoted first (all from the store the live page
 * fills; the breakouts' part is read by its key). A question is quoted into the chosen section; an answer into its
 * key topic's section.
 */
export function RoomActivity(props: {
  agenda: AgendaState;
  roomId: string;
  eventCode: string;
  sections: Section[];
  target: string;
  onTarget: (sectionId: string) => void;
  /** Into the given section, else the chosen one. */
  onQuote: (markdown: string, sectionId?: string) => void;
  disabled: boolean;
}) {
  const { roomId, eventCode, sections, target, onTarget, onQuote, disabled } = props;
  const t = useT();
  const headingId = useId();
  const selectId = useId();
  const questionsById = useApp((s) => s.qa.questions);
  const counts = useApp((s) => s.qa.counts);
  const pollsById = useApp((s) => s.polls.polls);
  const tallies = useApp((s) => s.polls.tallies);
  const breakouts = useApp((s) => s.breakouts);

  const { top, answered } = useMemo(() => {
    const shown = Object.values(questionsById).filter((q) => q.roomId === roomId && q.mergedInto === null && (q.status === 'live' || q.status === 'answered'));
    const n = (q: Question) => counts[q.id]?.n ?? 0;
    return {
      top: shown
        .filter((q) => n(q) > 0)
        .sort((a, b) => n(b) - n(a) || a.createdAt - b.createdAt)
        .slice(0, TOP),
      answered: shown.filter((q) => q.status === 'answered').sort((a, b) => a.updatedAt - b.updatedAt),
    };
  }, [questionsById, counts, roomId]);
  // Only what attendees see (live): a held or hidden answer is the chair's to decide on, not the summary's.
  const answers = useMemo(() => {
    const byTopic = contributionsByTopic(breakouts, roomId);
    for (const [topic, list] of byTopic)
      byTopic.set(
        topic,
        list.filter((c) => c.status === 'live'),
      );
    return byTopic;
  }, [breakouts, roomId]);
  const topicSections = sections.filter((s) => s.kind === 'topic');
  const polls = useMemo(() => Object.values(pollsById).filter((p) => p.roomId === roomId && p.status !== 'draft'), [pollsById, roomId]);
  const targetTitle = sectionTitle(sections.find((s) => s.id === target) ?? sections[0] ?? { kind: 'other', title: '' }, t);

  const questionRow = (q: Question) => (
    <li key={q.id} className="summary-source" data-question={q.id}>
      <p className="summary-source-text">{q.text}</p>
      <p className="summary-source-meta">
        {t('summaries.upvotes', { count: counts[q.id]?.n ?? 0 })}
        {q.reply && <span className="summary-source-reply">{q.reply.text}</span>}
      </p>
      <button
        type="button"
        className="button button-small"
        disabled={disabled}
        aria-label={t('summaries.quoteQuestionInto', { section: targetTitle })}
        onClick={() => onQuote(questionQuote(q, eventCode))}
      >
        {t('summaries.quote')}
      </button>
    </li>
  );

  return (
    <section className="card summary-activity" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('summaries.fromTheRoom')}</h2>
      <div className="summary-quote-target">
        <label htmlFor={selectId}>{t('summaries.quoteInto')}</label>
        <select id={selectId} className="input" value={target} onChange={(e) => onTarget(e.target.value)}>
          {sections.map((s) => (
            <option key={s.id} value={s.id}>
              {sectionTitle(s, t)}
            </option>
          ))}
        </select>
      </div>
      <h3>{t('summaries.mostUpvoted')}</h3>
      {top.length ? <ol className="summary-sources">{top.map(questionRow)}</ol> : <p className="summary-none">{t('summaries.noQuestions')}</p>}
      <h3>{t('summaries.answered')}</h3>
      {answered.length ? <ol className="summary-sources">{answered.map(questionRow)}</ol> : <p className="summary-none">{t('summaries.noAnswered')}</p>}
      <h3>{t('summaries.polls')}</h3>
      {polls.length ? (
        <ul className="summary-polls">
          {polls.map((p) => (
            <PollLine key={p.id} poll={p} results={tallies[p.id] ? results(p, tallies[p.id]!) : null} />
          ))}
        </ul>
      ) : (
        <p className="summary-none">{t('summaries.noPolls')}</p>
      )}
      <h3>{t('summaries.keyTopicAnswers')}</h3>
      {topicSections.map((section, i) => {
        const list = answers.get(i) ?? [];
        const title = sectionTitle(section, t);
        return (
          <div key={section.id} className="summary-topic-answers" data-topic={i}>
            <h4>{title}</h4>
            {list.length ? (
              <ol className="summary-sources">
                {list.map((c) => (
                  <li key={c.id} className="summary-source" data-contribution={c.id}>
                    <p className="summary-source-text">{c.text}</p>
                    <p className="summary-source-meta">{t('summaries.upvotes', { count: breakouts.counts[c.id]?.n ?? 0 })}</p>
                    <button
                      type="button"
                      className="button button-small"
                      disabled={disabled}
                      aria-label={t('summaries.quoteAnswerInto', { section: title })}
                      onClick={() => onQuote(contributionQuote(c, eventCode), topicSectionId(c.topic))}
                    >
                      {t('summaries.quote')}
                    </button>
                  </li>
                ))}
              </ol>
            ) : (
              <p className="summary-none">{t('summaries.noKeyTopicAnswers')}</p>
            )}
          </div>
        );
      })}
    </section>
  );
}

/** A poll's results in a few words: the leading options or words, the average rating, the answers' count. */
function PollLine({ poll, results: r }: { poll: Poll; results: PollResults | null }) {
  const t = useT();
  let lines: string[] = [];
  if (r?.kind === 'choice')
    lines = [...r.options].sort((a, b) => b.count - a.count).map((o) => t('summaries.pollOption', { label: o.label, percent: o.percent }));
  else if (r?.kind === 'ranking') lines = r.options.map((o) => t('summaries.pollRanked', { label: o.label, points: o.points }));
  else if (r?.kind === 'rating') lines = r.average === null ? [] : [t('summaries.pollAverage', { average: r.average })];
  else if (r?.kind === 'wordcloud') lines = r.words.slice(0, 8).map((w) => t('summaries.pollWord', { word: w.word, count: w.count }));
  else if (r?.kind === 'open') lines = r.answers.slice(0, 5);
  return (
    <li className="summary-poll" data-poll={poll.id}>
      <p className="summary-source-text">{poll.question}</p>
      <p className="summary-source-meta">{t('summaries.pollVoters', { count: r?.voters ?? 0 })}</p>
      {lines.length > 0 && (
        <ul className="summary-poll-lines">
          {lines.map((l, i) => (
            <li key={i}>{l}</li>
          ))}
        </ul>
      )}
    </li>
  );
}
