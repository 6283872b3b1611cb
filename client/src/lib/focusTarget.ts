/**
 * Moves the focus to the first element matching `selector` and brings it into view: skip links and toast actions
 * use it rather than a bare `#fragment`, which scrolls but leaves the focus where it was when the target is not
 * focusable (a section), so the next Tab would not start there.
 */
export function focusTarget(selector: string): boolean {
  const el = document.querySelector<HTMLElement>(selector);
  if (!el) return false;
  if (!el.matches('a[href], button, input, select, textarea, [tabindex]')) el.setAttribute('tabindex', '-1');
  el.focus({ preventScroll: true });
  el.scrollIntoView({ block: 'center' });
  return true;
}
