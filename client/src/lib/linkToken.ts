/**
 * A role link's token is the key to a room's console: it leaves the address bar as soon as the page opens (so it
 * is not in the history, a screenshot, a shared screen or a copied address) and stays in this tab's
 * sessionStorage, where a reload finds it. Another tab opened with the link reads it from its own address. Where
 * sessionStorage cannot be written (storage blocked), the address keeps the token: a reload must still work.
 */
const storageKey = (pathname: string) => `companion:link:${pathname}`;

/** The token of the role link this page was opened with, taken out of the address bar; null without one. */
export function takeLinkToken(): string | null {
  const { pathname, search, hash } = window.location;
  const params = new URLSearchParams(search);
  const given = params.get('t');
  if (!given) return storedToken(pathname);
  try {
    window.sessionStorage.setItem(storageKey(pathname), given);
  } catch {
    return given;
  }
  params.delete('t');
  const rest = params.toString();
  window.history.replaceState(window.history.state, '', `${pathname}${rest ? `?${rest}` : ''}${hash}`);
  return given;
}

/** The token of this tab's role link (for requests made outside the live connection, e.g. an export). */
export function currentLinkToken(): string | null {
  return new URLSearchParams(window.location.search).get('t') ?? storedToken(window.location.pathname);
}

function storedToken(pathname: string): string | null {
  try {
    return window.sessionStorage.getItem(storageKey(pathname));
  } catch {
    return null;
  }
}
