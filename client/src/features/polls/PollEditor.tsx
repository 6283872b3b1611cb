import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { itemsOfRoom } from '../../../../shared/domain/agenda';
import { LIMITS } from '../../../../shared/limits';
import type { Poll, PollDraft, PollOption, PollType, ResultsVisibility } from '../../../../shared/protocol/polls';
import { dayLabel } from '../../lib/time';
import { request } from '../../net/connection';
import { useApp } from '../../state/store';
import type { MessageKey } from '../../../../shared/locales/catalogue';
import { useT } from '../../i18n/useT';
import { TYPE_KEYS } from './common';
import { consoleFailureText } from './consoleFailure';

interface PollEditorProps {
  roomId: string;
  /** Editing this draft; a new poll without it. */
  poll?: Poll;
  onDone: (pollId: string | null) => void;
}

interface Form {
  type: PollType;
  question: string;
  options: PollOption[];
  maxPicks: string;
  scaleMin: string;
  scaleMax: string;
  minLabel: string;
  maxLabel: string;
  visibility: ResultsVisibility;
  itemId: string;
}

/** Each field's problem, as the message to show (with its values). */
type Errors = Partial<Record<'question' | 'options' | 'maxPicks' | 'scale', { key: MessageKey; values?: Record<string, number> }>>;

const TYPES: PollType[] = ['single', 'multiple', 'rating', 'wordcloud', 'open', 'ranking'];
const VISIBILITIES: ResultsVisibility[] = ['live', 'closed', 'reveal'];
const VISIBILITY_KEYS: Record<ResultsVisibility, MessageKey> = {
  live: 'pollsConsole.visibilityLive',
  closed: 'pollsConsole.visibilityClosed',
  reveal: 'pollsConsole.visibilityReveal',
};
const withOptions = (t: PollType) => t === 'single' || t === 'multiple' || t === 'ranking';

function formOf(poll: Poll | undefined, liveItemId: string | null): Form {
  return {
    type: poll?.type ?? 'single',
    question: poll?.question ?? '',
    options:
      poll && poll.options.length
        ? poll.options
        : [
            { id: 'o1', label: '' },
            { id: 'o2', label: '' },
          ],
    maxPicks: poll?.maxPicks ? String(poll.maxPicks) : '',
    scaleMin: String(poll?.scale?.min ?? 1),
    scaleMax: String(poll?.scale?.max ?? 5),
    minLabel: poll?.scale?.minLabel ?? '',
    maxLabel: poll?.scale?.maxLabel ?? '',
    visibility: poll?.visibility ?? 'live',
    itemId: poll ? (poll.itemId ?? '') : (liveItemId ?? ''),
  };
}

function newOptionId(options: PollOption[]): string {
  const taken = new Set(options.map((o) => o.id));
  for (let n = options.length + 1; ; n++) if (!taken.has(`o${n}`)) return `o${n}`;
}

function check(f: Form): Errors {
  const errors: Errors = {};
  if (f.question.trim().length < 3) errors.question = { key: 'pollsConsole.errorQuestion' };
  if (withOptions(f.type)) {
    const labels = f.options.map((o) => o.label.trim());
    if (labels.some((l) => !l)) errors.options = { key: 'pollsConsole.errorOptionEmpty' };
    else if (labels.length < 2) errors.options = { key: 'pollsConsole.errorOptionsFew' };
    else if (new Set(labels.map((l) => l.toLowerCase())).size !== labels.length) errors.options = { key: 'pollsConsole.errorOptionsSame' };
  }
  if (f.type === 'multiple' && f.maxPicks) {
    const n = Number(f.maxPicks);
    if (!Number.isInteger(n) || n < 1 || n > f.options.length) errors.maxPicks = { key: 'pollsConsole.errorMaxPicks', values: { max: f.options.length } };
  }
  if (f.type === 'rating') {
    const [min, max] = [Number(f.scaleMin), Number(f.scaleMax)];
    if (!(max > min) || max - min >= LIMITS.ratingMaxSteps) errors.scale = { key: 'pollsConsole.errorScale', values: { steps: LIMITS.ratingMaxSteps } };
  }
  return errors;
}

function draftOf(f: Form, roomId: string): PollDraft {
  const scale =
    f.type === 'rating'
      ? {
          min: Number(f.scaleMin),
          max: Number(f.scaleMax),
          ...(f.minLabel.trim() ? { minLabel: f.minLabel.trim() } : {}),
          ...(f.maxLabel.trim() ? { maxLabel: f.maxLabel.trim() } : {}),
        }
      : null;
  return {
    roomId,
    itemId: f.itemId || null,
    type: f.type,
    question: f.question.trim(),
    options: withOptions(f.type) ? f.options.map((o) => ({ id: o.id, label: o.label.trim() })) : [],
    maxPicks: f.type === 'multiple' && f.maxPicks ? Number(f.maxPicks) : null,
    scale,
    visibility: f.visibility,
  };
}

/** The chair's form for a new poll or a draft: type, question, options, picks, scale, visibility, programme item. */
export function PollEditor({ roomId, poll, onDone }: PollEditorProps) {
  const t = useT();
  const agenda = useApp((s) => s.agenda);
  const toast = useApp((s) => s.toast);
  const liveItemId = agenda?.live[roomId]?.itemId ?? null;
  const current = useApp((s) => (poll ? s.polls.polls[poll.id] : undefined));
  const [form, setForm] = useState<Form>(() => formOf(poll, liveItemId));
  const [rev, setRev] = useState(poll?.rev ?? 0);
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  // The form's fields by key, to move the focus to one (one Map for the component's life, never rendered from).
  const [fields] = useState(() => new Map<string, HTMLElement>());
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const items = useMemo(() => (agenda ? itemsOfRoom(agenda.programme, roomId) : []), [agenda, roomId]);
  const days = useMemo(() => [...new Set(items.map((i) => i.date))], [items]);
  const zone = agenda?.programme.timeZone ?? 'UTC';

  // Opening the form puts the focus on its first field.
  useEffect(() => {
    fields.get('type')?.focus();
  }, [fields]);

  useEffect(() => {
    if (!focusKey) return;
    fields.get(focusKey)?.focus();
    setFocusKey(null);
  }, [fields, focusKey, form]);

  const ref = (key: string) => (el: HTMLElement | null) => {
    if (el) fields.set(key, el);
    else fields.delete(key);
  };
  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const found = check(form);
    setErrors(found);
    setFailure(null);
    const first = (['question', 'options', 'maxPicks', 'scale'] as const).find((k) => found[k]);
    if (first) {
      setFocusKey(first === 'options' ? `option:${form.options.find((o) => !o.label.trim())?.id ?? form.options[0]?.id}` : first);
      return;
    }
    setBusy(true);
    const draft = draftOf(form, roomId);
    const reply = poll ? await request('poll:update', { pollId: poll.id, rev, draft }) : await request('poll:create', { draft });
    setBusy(false);
    if (!reply.ok) {
      if (reply.code === 'VERSION_CONFLICT' && current) {
        setForm(formOf(current, liveItemId));
        setRev(current.rev);
        return setFailure(t('pollsConsole.conflict'));
      }
      return setFailure(consoleFailureText(reply, t));
    }
    toast('info', t(poll ? 'pollsConsole.draftSaved' : 'pollsConsole.pollSaved'));
    onDone('pollId' in reply && typeof reply.pollId === 'string' ? reply.pollId : (poll?.id ?? null));
  }

  const describe = (key: keyof Errors, hint?: string) => [hint, errors[key] ? `${id}-${key}-error` : undefined].filter(Boolean).join(' ') || undefined;
  const fieldError = (key: keyof Errors) =>
    errors[key] ? (
      <p id={`${id}-${key}-error`} className="field-error">
        {t(errors[key].key, errors[key].values)}
      </p>
    ) : null;
  const [questionError, optionsError, maxPicksError, scaleError] = (['question', 'options', 'maxPicks', 'scale'] as const).map(fieldError);

  return (
    <form className="form poll-editor" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="poll-editor-title">
        {t(poll ? 'pollsConsole.editTitle' : 'pollsConsole.newTitle')}
      </h3>
      {failure && (
        <div role="alert" className="alert alert-error">
          <p>{failure}</p>
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-type`}>{t('pollsConsole.type')}</label>
        <select id={`${id}-type`} ref={ref('type')} className="input" value={form.type} onChange={(e) => set('type', e.target.value as PollType)}>
          {TYPES.map((type) => (
            <option key={type} value={type}>
              {t(TYPE_KEYS[type])}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-question`}>{t('pollsConsole.question')}</label>
        <textarea
          id={`${id}-question`}
          ref={ref('question')}
          className="input"
          rows={2}
          maxLength={LIMITS.pollQuestionMax}
          value={form.question}
          aria-invalid={errors.question ? true : undefined}
          aria-describedby={describe('question')}
          onChange={(e) => set('question', e.target.value)}
        />
        {questionError}
      </div>

      {withOptions(form.type) && (
        <fieldset className="poll-editor-options" aria-describedby={describe('options')}>
          <legend>{t('pollsConsole.options')}</legend>
          <ol className="poll-editor-list">
            {form.options.map((o, i) => (
              <li key={o.id} className="poll-editor-option">
                <label htmlFor={`${id}-opt-${o.id}`} className="sr-only">
                  {t('pollsConsole.optionLabel', { number: i + 1 })}
                </label>
                <span className="poll-editor-num" aria-hidden="true">
                  {i + 1}.
                </span>
                <input
                  id={`${id}-opt-${o.id}`}
                  ref={ref(`option:${o.id}`)}
                  className="input"
                  type="text"
                  maxLength={LIMITS.pollOptionMax}
                  value={o.label}
                  aria-invalid={errors.options && !o.label.trim() ? true : undefined}
                  onChange={(e) =>
                    set(
                      'options',
                      form.options.map((x) => (x.id === o.id ? { ...x, label: e.target.value } : x)),
                    )
                  }
                />
                <button
                  type="button"
                  className="button button-small button-quiet"
                  disabled={form.options.length <= 2}
                  aria-label={
                    o.label.trim()
                      ? t('pollsConsole.removeOptionNamed', { number: i + 1, label: o.label.trim() })
                      : t('pollsConsole.removeOption', { number: i + 1 })
                  }
                  onClick={() => {
                    const rest = form.options.filter((x) => x.id !== o.id);
                    set('options', rest);
                    const neighbour = rest[Math.max(0, i - 1)];
                    setFocusKey(neighbour ? `option:${neighbour.id}` : 'add');
                  }}
                >
                  {t('pollsConsole.remove')}
                </button>
              </li>
            ))}
          </ol>
          <button
            type="button"
            ref={ref('add')}
            className="button button-small"
            disabled={form.options.length >= LIMITS.pollOptionsMax}
            onClick={() => {
              const added = { id: newOptionId(form.options), label: '' };
              set('options', [...form.options, added]);
              setFocusKey(`option:${added.id}`);
            }}
          >
            {t('pollsConsole.addOption')}
          </button>
          {optionsError}
        </fieldset>
      )}

      {form.type === 'multiple' && (
        <div className="field poll-editor-short">
          <label htmlFor={`${id}-max`}>
            {t('pollsConsole.maxPicks')} <span className="optional">{t('pollsConsole.noLimitHint')}</span>
          </label>
          <input
            id={`${id}-max`}
            ref={ref('maxPicks')}
            className="input"
            type="number"
            inputMode="numeric"
            min={1}
            max={form.options.length}
            value={form.maxPicks}
            aria-invalid={errors.maxPicks ? true : undefined}
            aria-describedby={describe('maxPicks')}
            onChange={(e) => set('maxPicks', e.target.value)}
          />
          {maxPicksError}
        </div>
      )}

      {form.type === 'rating' && (
        <fieldset className="poll-editor-scale" aria-describedby={describe('scale')}>
          <legend>{t('pollsConsole.scaleLegend')}</legend>
          <div className="poll-editor-pair">
            <div className="field">
              <label htmlFor={`${id}-smin`}>{t('pollsConsole.lowest')}</label>
              <select
                id={`${id}-smin`}
                ref={ref('scale')}
                className="input"
                value={form.scaleMin}
                aria-invalid={errors.scale ? true : undefined}
                onChange={(e) => set('scaleMin', e.target.value)}
              >
                {Array.from({ length: 10 }, (_, i) => (
                  <option key={i} value={i}>
                    {i}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-smax`}>{t('pollsConsole.highest')}</label>
              <select
                id={`${id}-smax`}
                className="input"
                value={form.scaleMax}
                aria-invalid={errors.scale ? true : undefined}
                onChange={(e) => set('scaleMax', e.target.value)}
              >
                {Array.from({ length: 10 }, (_, i) => (
                  <option key={i + 1} value={i + 1}>
                    {i + 1}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div className="field">
            <label htmlFor={`${id}-lmin`}>
              {t('pollsConsole.lowestLabel')} <span className="optional">{t('pollsConsole.optional')}</span>
            </label>
            <input
              id={`${id}-lmin`}
              className="input"
              type="text"
              maxLength={40}
              placeholder={t('pollsConsole.lowestPlaceholder')}
              value={form.minLabel}
              onChange={(e) => set('minLabel', e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-lmax`}>
              {t('pollsConsole.highestLabel')} <span className="optional">{t('pollsConsole.optional')}</span>
            </label>
            <input
              id={`${id}-lmax`}
              className="input"
              type="text"
              maxLength={40}
              placeholder={t('pollsConsole.highestPlaceholder')}
              value={form.maxLabel}
              onChange={(e) => set('maxLabel', e.target.value)}
            />
          </div>
          {scaleError}
        </fieldset>
      )}

      <fieldset className="poll-editor-visibility">
        <legend>{t('pollsConsole.visibilityLegend')}</legend>
        {VISIBILITIES.map((v) => (
          <label key={v} className="poll-editor-radio">
            <input type="radio" name={`${id}-visibility`} value={v} checked={form.visibility === v} onChange={() => set('visibility', v)} />
            <span>{t(VISIBILITY_KEYS[v])}</span>
          </label>
        ))}
        <p className="hint">{t('pollsConsole.visibilityHint')}</p>
      </fieldset>

      <div className="field">
        <label htmlFor={`${id}-item`}>
          {t('pollsConsole.item')} <span className="optional">{t('pollsConsole.optional')}</span>
        </label>
        <select id={`${id}-item`} className="input" value={form.itemId} onChange={(e) => set('itemId', e.target.value)}>
          <option value="">{t('pollsConsole.noItem')}</option>
          {days.map((d) => (
            <optgroup key={d} label={dayLabel(d, zone, 'short')}>
              {items
                .filter((i) => i.date === d)
                .map((i) => (
                  <option key={i.id} value={i.id}>
                    {t(i.id === liveItemId ? 'pollsConsole.itemOptionLive' : 'pollsConsole.itemOption', { start: i.start, title: i.title })}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
      </div>

      <div className="actions-row">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t('pollsConsole.saving') : t(poll ? 'pollsConsole.saveDraft' : 'pollsConsole.saveAsDraft')}
        </button>
        <button type="button" className="button" onClick={() => onDone(null)}>
          {t('pollsConsole.cancel')}
        </button>
      </div>
    </form>
  );
}
