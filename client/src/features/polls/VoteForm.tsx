import { useEffect, useId, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { canonicalChoice } from '../../../../shared/domain/polls';
import { DomainError } from '../../../../shared/protocol/errors';
import type { Choice, Poll } from '../../../../shared/protocol/polls';
import { LIMITS } from '../../../../shared/limits';
import { describeFailure } from '../../lib/failures';
import { request } from '../../net/connection';
import { otherTabsOpen } from '../../net/tabs';
import { useT } from '../../i18n/useT';
import { useApp } from '../../state/store';
import { failureText } from './common';

interface VoteFormProps {
  poll: Poll;
  /** The vote so far (changing it): the form starts from it. */
  previous: Choice | undefined;
  /** The question's heading, to name the group of choices. */
  questionId: string;
  onVoted: () => void;
  onCancel?: (() => void) | undefined;
  onError: (message: string | null) => void;
}

/** The voting form of each poll type: a radio group, checkboxes, a scale, words, a text, an ordered list. */
export function VoteForm({ poll, previous, questionId, onVoted, onCancel, onError }: VoteFormProps) {
  const t = useT();
  const setMyBallot = useApp((s) => s.setMyBallot);
  const [busy, setBusy] = useState(false);
  const [single, setSingle] = useState<string | null>(previous?.type === 'single' ? previous.option : null);
  const [picks, setPicks] = useState<string[]>(previous?.type === 'multiple' ? previous.options : []);
  const [rating, setRating] = useState<number | null>(previous?.type === 'rating' ? previous.value : null);
  const [words, setWords] = useState<string[]>(() => {
    const w = previous?.type === 'wordcloud' ? previous.words : [];
    return Array.from({ length: LIMITS.wordsPerVote }, (_, i) => w[i] ?? '');
  });
  const [text, setText] = useState(previous?.type === 'open' ? previous.text : '');
  const [order, setOrder] = useState<string[]>(() => {
    const ids = poll.options.map((o) => o.id);
    if (previous?.type === 'ranking' && previous.order.length === ids.length && previous.order.every((id) => ids.includes(id))) return previous.order;
    return ids;
  });
  const firstRef = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const legendId = useId();
  const base = useId();

  // Changing a vote: the focus moves into the form (its first control), where the previous choice is selected.
  const changing = previous !== undefined;
  useEffect(() => {
    if (changing) formRef.current?.querySelector<HTMLElement>('input:checked, input:not([disabled]), textarea, button:not([disabled])')?.focus();
  }, [changing]);

  function choice(): Choice | string {
    switch (poll.type) {
      case 'single':
        return single ? { type: 'single', option: single } : t('vote.needSingle');
      case 'multiple':
        return picks.length ? { type: 'multiple', options: picks } : t('vote.needMultiple');
      case 'rating':
        return rating !== null ? { type: 'rating', value: rating } : t('vote.needRating');
      case 'wordcloud': {
        const typed = words.map((w) => w.trim()).filter(Boolean);
        return typed.length ? { type: 'wordcloud', words: typed } : t('vote.needWord');
      }
      case 'open':
        return text.trim() ? { type: 'open', text } : t('vote.needText');
      case 'ranking':
        return { type: 'ranking', order };
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const made = choice();
    if (typeof made === 'string') {
      onError(made);
      firstRef.current?.focus();
      return;
    }
    let canonical: Choice;
    try {
      // The same rules as the server's: words folded for case and spacing, picks within the maximum.
      canonical = canonicalChoice(poll, made);
    } catch (error) {
      onError(error instanceof DomainError ? describeFailure(error) : t('vote.cannotSend'));
      return;
    }
    onError(null);
    setBusy(true);
    const reply = await request('poll:vote', { pollId: poll.id, choice: canonical, otherTabs: otherTabsOpen() });
    setBusy(false);
    if (!reply.ok) return onError(failureText(reply));
    setMyBallot(poll.id, canonical, reply.rev);
    onVoted();
  }

  const name = `poll-${poll.id}`;
  const max = poll.maxPicks ?? poll.options.length;
  const instruction: Record<Poll['type'], string> = {
    single: t('vote.chooseOne'),
    multiple: max < poll.options.length ? t('vote.pickUpTo', { max }) : t('vote.pickAny'),
    rating: t('vote.rateFromTo', { min: poll.scale?.min ?? '', max: poll.scale?.max ?? '' }),
    wordcloud: t('vote.upToWords', { count: LIMITS.wordsPerVote }),
    open: t('vote.yourAnswer'),
    ranking: t('vote.rankOrder'),
  };

  let body;
  switch (poll.type) {
    case 'single':
      body = (
        <fieldset className="poll-fieldset" aria-labelledby={`${questionId} ${legendId}`}>
          <legend id={legendId} className="poll-legend">
            {instruction.single}
          </legend>
          {poll.options.map((o, i) => (
            <label key={o.id} className={single === o.id ? 'poll-option is-checked' : 'poll-option'}>
              <input ref={i === 0 ? firstRef : undefined} type="radio" name={name} value={o.id} checked={single === o.id} onChange={() => setSingle(o.id)} />
              <span>{o.label}</span>
            </label>
          ))}
        </fieldset>
      );
      break;
    case 'multiple': {
      const full = picks.length >= max;
      body = (
        <fieldset className="poll-fieldset" aria-labelledby={`${questionId} ${legendId}`} aria-describedby={`${base}-count`}>
          <legend id={legendId} className="poll-legend">
            {instruction.multiple}
          </legend>
          {poll.options.map((o, i) => {
            const checked = picks.includes(o.id);
            return (
              <label key={o.id} className={`poll-option${checked ? ' is-checked' : ''}${full && !checked ? ' is-disabled' : ''}`}>
                <input
                  ref={i === 0 ? firstRef : undefined}
                  type="checkbox"
                  name={name}
                  value={o.id}
                  checked={checked}
                  disabled={full && !checked}
                  onChange={(e) => setPicks((p) => (e.target.checked ? [...p, o.id].slice(0, max) : p.filter((id) => id !== o.id)))}
                />
                <span>{o.label}</span>
              </label>
            );
          })}
          <p id={`${base}-count`} className="poll-hint" aria-live="polite">
            {full && max < poll.options.length ? t('vote.pickedFull', { picked: picks.length, max }) : t('vote.picked', { picked: picks.length, max })}
          </p>
        </fieldset>
      );
      break;
    }
    case 'rating': {
      const scale = poll.scale ?? { min: 1, max: 5 };
      const values = Array.from({ length: scale.max - scale.min + 1 }, (_, i) => scale.min + i);
      body = (
        <fieldset className="poll-fieldset" aria-labelledby={`${questionId} ${legendId}`}>
          <legend id={legendId} className="poll-legend">
            {instruction.rating}
          </legend>
          <div className="poll-scale">
            {values.map((v, i) => {
              const end = v === scale.min ? scale.minLabel : v === scale.max ? scale.maxLabel : undefined;
              return (
                <label key={v} className={rating === v ? 'poll-scale-step is-checked' : 'poll-scale-step'}>
                  <input ref={i === 0 ? firstRef : undefined} type="radio" name={name} value={v} checked={rating === v} onChange={() => setRating(v)} />
                  <span className="poll-scale-value">{v}</span>
                  {end && <span className="sr-only"> ({end})</span>}
                </label>
              );
            })}
          </div>
          {(scale.minLabel || scale.maxLabel) && (
            <p className="poll-scale-ends" aria-hidden="true">
              <span>{t('vote.scaleEnd', { value: scale.min, label: scale.minLabel })}</span>
              <span>{t('vote.scaleEnd', { value: scale.max, label: scale.maxLabel })}</span>
            </p>
          )}
        </fieldset>
      );
      break;
    }
    case 'wordcloud':
      body = (
        <fieldset className="poll-fieldset" aria-labelledby={`${questionId} ${legendId}`}>
          <legend id={legendId} className="poll-legend">
            {instruction.wordcloud} <span className="hint">{t('vote.wordMax', { max: LIMITS.wordMax })}</span>
          </legend>
          {words.map((w, i) => (
            <div key={i} className="field">
              <label htmlFor={`${base}-w${i}`}>
                {t('vote.wordLabel', { number: i + 1 })}
                {i > 0 && <span className="optional"> {t('vote.optional')}</span>}
              </label>
              <input
                ref={i === 0 ? firstRef : undefined}
                id={`${base}-w${i}`}
                className="input"
                type="text"
                autoComplete="off"
                maxLength={LIMITS.wordMax}
                value={w}
                onChange={(e) => setWords((ws) => ws.map((x, j) => (j === i ? e.target.value : x)))}
              />
            </div>
          ))}
        </fieldset>
      );
      break;
    case 'open':
      body = (
        <div className="field">
          <label htmlFor={`${base}-text`}>{instruction.open}</label>
          <textarea
            ref={firstRef}
            id={`${base}-text`}
            className="input poll-textarea"
            rows={3}
            maxLength={LIMITS.openTextMax}
            aria-describedby={`${base}-left`}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <p id={`${base}-left`} className="poll-hint">
            {t('vote.charactersLeft', { count: LIMITS.openTextMax - text.length })}
          </p>
        </div>
      );
      break;
    case 'ranking':
      body = <RankingInput poll={poll} order={order} onOrder={setOrder} questionId={questionId} legend={instruction.ranking} />;
      break;
  }

  return (
    <form ref={formRef} className="poll-form" onSubmit={(e) => void submit(e)} noValidate>
      {body}
      <div className="actions-row">
        <button type="submit" className="button button-primary" disabled={busy} aria-describedby={questionId}>
          {busy ? t('vote.sending') : previous ? t('vote.updateVote') : t('vote.vote')}
        </button>
        {onCancel && (
          <button type="button" className="button" onClick={onCancel}>
            {t('vote.keepVote')}
          </button>
        )}
      </div>
    </form>
  );
}

/** The move buttons' arrows: a picture only (the buttons' names say which way, in words). */
const ARROW_UP = '▲';
const ARROW_DOWN = '▼';

interface RankingInputProps {
  poll: Poll;
  order: string[];
  onOrder: (order: string[]) => void;
  questionId: string;
  legend: string;
}

/** An ordered list with Move up / Move down buttons: keyboard and screen-reader friendly, no dragging needed. */
function RankingInput({ poll, order, onOrder, questionId, legend }: RankingInputProps) {
  const t = useT();
  const legendId = useId();
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const [focus, setFocus] = useState<{ id: string; dir: 'up' | 'down' } | null>(null);
  const [said, setSaid] = useState('');
  const label = (id: string) => poll.options.find((o) => o.id === id)?.label ?? id;

  // Moving an item moves its DOM node, which loses focus: put it back on the same button, or on the other one
  // when the item reached the top or the bottom.
  useLayoutEffect(() => {
    if (!focus) return;
    const at = order.indexOf(focus.id);
    const edge = focus.dir === 'up' ? at === 0 : at === order.length - 1;
    const dir = edge ? (focus.dir === 'up' ? 'down' : 'up') : focus.dir;
    buttons.current.get(`${focus.id}:${dir}`)?.focus();
    setFocus(null);
  }, [focus, order]);

  function move(id: string, dir: 'up' | 'down') {
    const i = order.indexOf(id);
    const j = dir === 'up' ? i - 1 : i + 1;
    if (i < 0 || j < 0 || j >= order.length) return;
    const next = [...order];
    [next[i], next[j]] = [next[j]!, next[i]!];
    onOrder(next);
    setFocus({ id, dir });
    setSaid(t('vote.moved', { option: label(id), position: j + 1, count: order.length }));
  }

  return (
    <fieldset className="poll-fieldset" aria-labelledby={`${questionId} ${legendId}`}>
      <legend id={legendId} className="poll-legend">
        {legend}
      </legend>
      <ol className="poll-rank">
        {order.map((id, i) => (
          <li key={id} className="poll-rank-item">
            <span className="poll-rank-pos" aria-hidden="true">
              {i + 1}
            </span>
            <span className="poll-rank-label">{label(id)}</span>
            <span className="poll-rank-moves">
              <button
                type="button"
                className="button button-small poll-move"
                ref={(el) => {
                  if (el) buttons.current.set(`${id}:up`, el);
                  else buttons.current.delete(`${id}:up`);
                }}
                disabled={i === 0}
                aria-label={t('vote.moveUp', { option: label(id) })}
                onClick={() => move(id, 'up')}
              >
                <span aria-hidden="true">{ARROW_UP}</span>
              </button>
              <button
                type="button"
                className="button button-small poll-move"
                ref={(el) => {
                  if (el) buttons.current.set(`${id}:down`, el);
                  else buttons.current.delete(`${id}:down`);
                }}
                disabled={i === order.length - 1}
                aria-label={t('vote.moveDown', { option: label(id) })}
                onClick={() => move(id, 'down')}
              >
                <span aria-hidden="true">{ARROW_DOWN}</span>
              </button>
            </span>
          </li>
        ))}
      </ol>
      <p className="sr-only" aria-live="polite">
        {said}
      </p>
    </fieldset>
  );
}
