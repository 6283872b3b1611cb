import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Failure } from '../../../../../shared/protocol/errors';
import type { Section, Summary } from '../../../../../shared/protocol/summaries';
import { request } from '../../../net/connection';
import { useApp } from '../../../state/store';

/** How long after the last keystroke a summary saves itself. */
export const AUTOSAVE_MS = 2_000;

/** What this device keeps of a summary being written: the text, and the version it was written on. */
interface LocalDraft {
  base: number;
  sections: Section[];
  at: number;
}

const draftKey = (eventId: string, roomId: string) => `summary-draft:${eventId}:${roomId}`;

function loadDraft(key: string): LocalDraft | null {
  try {
    const raw = localStorage.getItem(key);
    const d = raw ? (JSON.parse(raw) as LocalDraft) : null;
    return d && typeof d.base === 'number' && Array.isArray(d.sections) ? d : null;
  } catch {
    return null;
  }
}
function storeDraft(key: string, draft: LocalDraft | null): void {
  try {
    if (draft) localStorage.setItem(key, JSON.stringify(draft));
    else localStorage.removeItem(key);
  } catch {
    // A full or blocked storage: the text is still in the page and saved to the server as usual.
  }
}

export const sameSections = (a: readonly Section[], b: readonly Section[]) =>
  a.length === b.length && a.every((s, i) => s.id === b[i]!.id && s.body === b[i]!.body && s.title === b[i]!.title && s.kind === b[i]!.kind);

export type SaveState = 'saved' | 'unsaved' | 'saving' | 'offline';

export interface SummaryEditor {
  sections: Section[];
  /** The version the text on screen was written on. */
  base: number;
  state: SaveState;
  /** A save was refused because someone saved another version meanwhile: mine beside theirs until reconciled. */
  conflict: { mine: Section[] } | null;
  failure: Failure | null;
  edit: (sectionId: string, body: string) => void;
  /** Saves now (on blur, before a submit). */
  flush: () => Promise<boolean>;
  keepMine: () => Promise<void>;
  takeTheirs: () => void;
}

/**
 * The rapporteur's text of one summary. Every keystroke is kept on this device at once (localStorage), so a closed
 * tab or a lost connection loses nothing; the text saves itself 2 s after typing stops and on leaving a field. A
 * save names the version it was written on; when someone saved another one meanwhile the server refuses it
 * (VERSION_CONFLICT) and both texts are shown to reconcile. On return, a text left on this device is taken up
 * again: saved if nobody saved since, shown beside the newer version if somebody did.
 */
export function useSummaryEditor(eventId: string, roomId: string, template: Section[]): SummaryEditor {
  const key = draftKey(eventId, roomId);
  const server = useApp((s) => s.summaries.summaries[roomId]) as Summary | undefined;
  const online = useApp((s) => s.connection.status === 'online');
  const serverSections = server && server.version > 0 ? server.sections : template;
  const serverVersion = server?.version ?? 0;

  const [init] = useState(() => {
    const draft = loadDraft(key);
    if (!draft || sameSections(draft.sections, serverSections)) {
      storeDraft(key, null);
      return { sections: serverSections, base: serverVersion, dirty: false, conflict: null };
    }
    if (draft.base === serverVersion) return { sections: draft.sections, base: serverVersion, dirty: true, conflict: null };
    return { sections: draft.sections, base: draft.base, dirty: true, conflict: { mine: draft.sections } };
  });
  const [sections, setSections] = useState<Section[]>(init.sections);
  const [base, setBase] = useState(init.base);
  const [dirty, setDirty] = useState(init.dirty);
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState<{ mine: Section[] } | null>(init.conflict);
  const [failure, setFailure] = useState<Failure | null>(null);

  // The latest values for the timers and callbacks.
  // The callbacks write it at once too, so that a save started in the same turn as a keystroke sees it.
  const latest = useRef({ sections, base, dirty, saving, conflict });
  useLayoutEffect(() => {
    latest.current = { sections, base, dirty, saving, conflict };
  });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // The save itself, for the timers (a save that finds newer text schedules the next one).
  const saveLater = useRef<() => void>(() => {});

  // Another person's save (or another tab's) while nothing is typed here: take it up.
  useEffect(() => {
    const l = latest.current;
    if (l.dirty || l.saving || l.conflict || serverVersion <= l.base) return;
    setSections(serverSections);
    setBase(serverVersion);
  }, [serverVersion, serverSections]);

  const save = useCallback(
    async (overVersion?: number): Promise<boolean> => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
      const l = latest.current;
      if (l.saving || (l.conflict && overVersion === undefined) || (!l.dirty && overVersion === undefined)) return !l.dirty;
      const sent = l.sections;
      const baseVersion = overVersion ?? l.base;
      setSaving(true);
      latest.current.saving = true;
      const reply = await request('summary:save', { roomId, baseVersion, sections: sent });
      setSaving(false);
      latest.current.saving = false;
      if (reply.ok) {
        setFailure(null);
        setConflict(null);
        setBase(reply.version);
        const unchanged = sameSections(latest.current.sections, sent);
        setDirty(!unchanged);
        storeDraft(key, unchanged ? null : { base: reply.version, sections: latest.current.sections, at: Date.now() });
        latest.current = { ...latest.current, base: reply.version, dirty: !unchanged, conflict: null };
        if (!unchanged) timer.current = setTimeout(() => saveLater.current(), AUTOSAVE_MS);
        return unchanged;
      }
      if (reply.code === 'VERSION_CONFLICT') setConflict({ mine: sent });
      setFailure(reply);
      return false;
    },
    [key, roomId],
  );

  useLayoutEffect(() => {
    saveLater.current = () => void save();
  }, [save]);

  const edit = useCallback(
    (sectionId: string, body: string) => {
      const next = latest.current.sections.map((s) => (s.id === sectionId ? { ...s, body } : s));
      setSections(next);
      setDirty(true);
      latest.current = { ...latest.current, sections: next, dirty: true };
      storeDraft(key, { base: latest.current.base, sections: next, at: Date.now() });
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => saveLater.current(), AUTOSAVE_MS);
    },
    [key],
  );

  // Back online with text not yet saved: save it.
  useEffect(() => {
    if (online && latest.current.dirty && !latest.current.conflict) void save();
  }, [online, save]);
  // A draft taken up on return (nobody saved since): save it at once.
  useEffect(() => {
    if (init.dirty && !init.conflict) void save();
  }, [init, save]);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  const keepMine = useCallback(async () => {
    const current = useApp.getState().summaries.summaries[roomId];
    const mine = latest.current.conflict?.mine ?? latest.current.sections;
    setSections(mine);
    latest.current = { ...latest.current, sections: mine, dirty: true };
    await save(current?.version ?? 0);
  }, [roomId, save]);

  const takeTheirs = useCallback(() => {
    const current = useApp.getState().summaries.summaries[roomId];
    const theirs = current && current.version > 0 ? current.sections : template;
    setSections(theirs);
    setBase(current?.version ?? 0);
    setDirty(false);
    setConflict(null);
    setFailure(null);
    storeDraft(key, null);
    latest.current = { ...latest.current, sections: theirs, base: current?.version ?? 0, dirty: false, conflict: null };
  }, [key, roomId, template]);

  const state: SaveState = saving ? 'saving' : !dirty ? 'saved' : online ? 'unsaved' : 'offline';
  return { sections, base, state, conflict, failure, edit, flush: () => save(), keepMine, takeTheirs };
}
