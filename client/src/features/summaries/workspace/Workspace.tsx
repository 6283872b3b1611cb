import { useId, useMemo, useRef, useState } from 'react';
import { templateSections } from '../../../../../shared/domain/summaries';
import type { AgendaState } from '../../../../../shared/protocol/agenda';
import type { Summary } from '../../../../../shared/protocol/summaries';
import { request } from '../../../net/connection';
import { describeFailure } from '../../../lib/failures';
import { useApp } from '../../../state/store';
import { useT } from '../../../i18n/useT';
import { LazyMarkdown } from '../LazyMarkdown';
import { sectionTitle, type Breakout } from '../common';
import { MarkCounts } from '../MarkCounts';
import { StatusBadge, ReviewNote } from '../Status';
import { ConflictView } from './ConflictView';
import { History } from './History';
import { RoomActivity } from './RoomActivity';
import { useSummaryEditor } from './useSummaryEditor';
import '../summaries.css';

/** How long a submit waits for the live stream to bring the version just saved. */
const STORED_WAIT_MS = 5_000;

/** The room's summary in the store once it has at least `version` (or what it has after a while). */
function storedAtLeast(roomId: string, version: number): Promise<Summary | undefined> {
  const now = () => useApp.getState().summaries.summaries[roomId] as Summary | undefined;
  const ready = (s: Summary | undefined) => !!s && s.version >= version;
  if (ready(now())) return Promise.resolve(now());
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      unsubscribe();
      resolve(now());
    };
    const timer = setTimeout(done, STORED_WAIT_MS);
    const unsubscribe = useApp.subscribe((state) => {
      if (ready(state.summaries.summaries[roomId] as Summary | undefined)) done();
    });
  });
}

/**
 * The rapporteur's workspace for their breakout: the summary's sections (one per key topic, then the free ones)
 * in Markdown, each with its preview; beside them what the room produced, to quote from; the status, the review,
 * the versions. Opened from the rapporteur's link, which is for one breakout room.
 */
export function SummaryWorkspace({ agenda, breakout, eventId, eventCode }: { agenda: AgendaState; breakout: Breakout; eventId: string; eventCode: string }) {
  const t = useT();
  const roomId = breakout.room.id;
  const template = useMemo(() => templateSections(breakout.item), [breakout.item]);
  const editor = useSummaryEditor(eventId, roomId, template);
  const summary = useApp((s) => s.summaries.summaries[roomId]) as Summary | undefined;
  const published = useApp((s) => s.summaries.published[roomId]);
  const [target, setTarget] = useState(() => editor.sections[0]?.id ?? 'other');
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const areas = useRef(new Map<string, HTMLTextAreaElement>());
  const headingId = useId();
  const status = summary?.status ?? 'empty';
  const locked = status === 'review';

  const quote = (markdown: string, sectionId = target) => {
    const section = editor.sections.find((s) => s.id === sectionId) ?? editor.sections.find((s) => s.id === target) ?? editor.sections[0];
    if (!section || locked) return;
    const body = section.body.trim() ? `${section.body.replace(/\s+$/, '')}\n\n${markdown}\n` : `${markdown}\n`;
    editor.edit(section.id, body);
    areas.current.get(section.id)?.focus();
  };

  const submit = async () => {
    setBusy(true);
    setActionError(null);
    const saved = await editor.flush();
    // The save's ack can come before the live stream's change that carries it: wait for the stored copy (its rev).
    const current = saved ? await storedAtLeast(roomId, editor.base) : useApp.getState().summaries.summaries[roomId];
    if (!saved || !current) {
      setBusy(false);
      if (!current) setActionError(t('summaries.nothingToSubmit'));
      return;
    }
    const reply = await request('summary:review', { roomId, action: 'submit', rev: current.rev, comment: '' });
    setBusy(false);
    if (!reply.ok) setActionError(describeFailure(reply));
  };

  return (
    <div className="summary-columns">
      <section className="card summary-workspace" id="summary" aria-labelledby={headingId}>
        <div className="section-head">
          <h2 id={headingId}>{t('summaries.workspaceHeading', { title: breakout.title })}</h2>
          <StatusBadge status={status} />
        </div>
        <ReviewNote summary={summary} published={published} />
        <p className="summary-save-state" aria-live="polite" data-state={editor.state}>
          {editor.state === 'saving'
            ? t('summaries.saving')
            : editor.state === 'unsaved'
              ? t('summaries.unsaved')
              : editor.state === 'offline'
                ? t('summaries.offline')
                : editor.base > 0
                  ? t('summaries.savedVersion', { version: editor.base })
                  : t('summaries.notStarted')}
        </p>
        {editor.failure && !editor.conflict && (
          <p className="summary-error" role="alert">
            {describeFailure(editor.failure)}
          </p>
        )}
        {editor.conflict && <ConflictView roomId={roomId} mine={editor.conflict.mine} onKeepMine={editor.keepMine} onTakeTheirs={editor.takeTheirs} />}
        {locked && <p className="summary-locked">{t('summaries.lockedInReview')}</p>}
        <p className="summary-hint">{t('summaries.markdownHint')}</p>
        <div className="summary-sections">
          {editor.sections.map((section) => {
            const id = `summary-${roomId}-${section.id}`;
            const title = sectionTitle(section, t);
            return (
              <div className="summary-section" key={section.id}>
                <div className="summary-field">
                  <label htmlFor={id} className="summary-label">
                    {title}
                  </label>
                  <textarea
                    id={id}
                    ref={(el) => void (el ? areas.current.set(section.id, el) : areas.current.delete(section.id))}
                    className="input summary-text"
                    rows={6}
                    value={section.body}
                    readOnly={locked}
                    data-section={section.id}
                    onChange={(e) => {
                      setTarget(section.id);
                      editor.edit(section.id, e.target.value);
                    }}
                    onBlur={() => void editor.flush()}
                  />
                </div>
                <div className="summary-preview" aria-label={t('summaries.previewOf', { section: title })} role="group">
                  <p className="summary-preview-label" aria-hidden="true">
                    {t('summaries.preview')}
                  </p>
                  {section.body.trim() ? <LazyMarkdown text={section.body} /> : <p className="summary-preview-empty">{t('summaries.previewEmpty')}</p>}
                </div>
              </div>
            );
          })}
        </div>
        <div className="summary-actions">
          <button
            type="button"
            className="button button-primary"
            disabled={busy || locked || editor.conflict !== null || (status === 'published' && editor.state === 'saved')}
            onClick={() => void submit()}
          >
            {status === 'published' ? t('summaries.submitCorrection') : t('summaries.submit')}
          </button>
          {actionError && (
            <p className="summary-error" role="alert">
              {actionError}
            </p>
          )}
        </div>
        {summary && summary.history.length > 0 && <History summary={summary} disabled={locked || editor.state !== 'saved'} />}
        {published && <MarkCounts published={published} />}
      </section>
      <RoomActivity
        agenda={agenda}
        roomId={roomId}
        eventCode={eventCode}
        sections={editor.sections}
        target={target}
        onTarget={setTarget}
        onQuote={quote}
        disabled={locked}
      />
    </div>
  );
}
