import { loadWords } from '../i18n/i18n';
import { loadFeatures } from '../state/store';
import { createElement, useEffect, useSyncExternalStore, type ComponentProps, type ComponentType } from 'react';

/**
 * The attendee's live page's panels (now live, the programme, Q&A, polls, the name bar) as stand-ins that render the
 * real ones from a chunk of their own (./liveParts.ts): the attendee's first load stops at the join page, and these
 * come while the join's handshake and first snapshot are under way (`loadLiveParts()` is called on Join, and for a
 * returning attendee when the page opens), so they are usually there before the programme is. Until then a stand-in
 * renders nothing; once loaded, they render at once, with no Suspense fallback in between. A chunk that fails to
 * load (a deploy since the page was opened) is thrown to the ErrorBoundary, which offers a reload.
 */
type Parts = typeof import('./liveParts');

let parts: Parts | null = null;
let failure: unknown = null;
let loading: Promise<void> | null = null;
const listeners = new Set<() => void>();
const changed = () => listeners.forEach((listener) => listener());

export function loadLiveParts(): Promise<void> {
  // The panels, their words (the event part of the catalogue) and the features' reducers come together: no panel
  // shows a message id or a state that waits for its reducer.
  loading ??= Promise.all([import('./liveParts'), loadWords('event'), loadFeatures()]).then(
    ([module]) => {
      parts = module;
      changed();
    },
    (error: unknown) => {
      failure = error;
      changed();
    },
  );
  return loading;
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => void listeners.delete(listener);
};

/** Whether the panels and their words are here: the live page waits for them rather than show a half page. */
export function useLivePartsLoaded(): boolean {
  return useParts() !== null;
}

function useParts(): Parts | null {
  const loaded = useSyncExternalStore(subscribe, () => parts);
  const failed = useSyncExternalStore(subscribe, () => failure);
  useEffect(() => void loadLiveParts(), []);
  if (failed) throw failed;
  return loaded;
}

function deferred<K extends keyof Parts>(name: K) {
  type Props = ComponentProps<Parts[K]>;
  function Deferred(props: Props) {
    const loaded = useParts();
    if (!loaded) return null;
    // The props are the part's own (Props is read off it); only the generic index hides that from the compiler.
    return createElement(loaded[name] as ComponentType<object>, props as object);
  }
  Deferred.displayName = `Deferred(${name})`;
  return Deferred;
}

export const NowLive = deferred('NowLive');
export const ProgrammeView = deferred('ProgrammeView');
export const QaAsk = deferred('QaAsk');
export const QaPanel = deferred('QaPanel');
export const PollsPanel = deferred('PollsPanel');
export const ChatPanel = deferred('ChatPanel');
export const MeBar = deferred('MeBar');
export const BreakoutChooser = deferred('BreakoutChooser');
export const BreakoutLink = deferred('BreakoutLink');
export const KeyTopics = deferred('KeyTopics');
export const ReportBackPanel = deferred('ReportBackPanel');
export const ProgrammeSummary = deferred('ProgrammeSummary');
export const PauseBanner = deferred('PauseBanner');
export const MyData = deferred('MyData');
