/**
 * Whether this browser has other tabs of the same session open, told between the tabs over a BroadcastChannel.
 * A vote says so (`otherTabs`), and the server echoes the choice to the voter's other tabs only then: with several
 * server processes that echo crosses all of them through Redis, for every vote, though a voter rarely has a second
 * tab. Unknown (no BroadcastChannel): the vote says nothing and the server echoes.
 */
type TabMessage = { type: 'hello' | 'here' | 'bye'; tab: string };

const self = `${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
const others = new Set<string>();
let channel: BroadcastChannel | null = null;

const post = (type: TabMessage['type']) => channel?.postMessage({ type, tab: self } satisfies TabMessage);

if (typeof window !== 'undefined') {
  // Leaving (or going into the back/forward cache) and coming back.
  window.addEventListener('pagehide', () => post('bye'));
  window.addEventListener('pageshow', (e) => {
    if (e.persisted) post('hello');
  });
}

/** Starts telling and hearing the session's other tabs (one session at a time). */
export function watchTabs(session: string): void {
  stopWatchingTabs();
  if (typeof BroadcastChannel === 'undefined') return;
  channel = new BroadcastChannel(`companion:tabs:${session}`);
  channel.onmessage = (e: MessageEvent<TabMessage>) => {
    const { type, tab } = e.data;
    if (type === 'bye') return void others.delete(tab);
    others.add(tab);
    if (type === 'hello') post('here');
  };
  post('hello');
}

export function stopWatchingTabs(): void {
  post('bye');
  channel?.close();
  channel = null;
  others.clear();
}

/** True or false when known; undefined without a BroadcastChannel. */
export function otherTabsOpen(): boolean | undefined {
  return channel ? others.size > 0 : undefined;
}
