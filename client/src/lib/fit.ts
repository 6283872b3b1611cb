import { useLayoutEffect, useRef } from 'react';

/** The smallest scale a box's type may shrink to: below it, text would be unreadable on a shared screen anyway. */
const MIN_FIT = 0.3;

/**
 * Shrinks a box's content until nothing overflows it: sets `--fit` (1 at most) on the box, which its CSS multiplies
 * its font size by, every size inside being in em. A binary search of a few synchronous layouts, run again when the
 * box is resized (the window, fullscreen) or its content changes (a new question, a tally), so it never paints an
 * overflowing frame. The box must have a size of its own (a grid cell with `min-height: 0`), not its content's.
 */
export function useFitToBox<T extends HTMLElement>(): React.RefObject<T | null> {
  const ref = useRef<T>(null);
  useLayoutEffect(() => {
    const box = ref.current;
    if (!box) return;
    const set = (scale: number) => box.style.setProperty('--fit', scale.toFixed(3));
    // scrollHeight is rounded to whole pixels: the children's own boxes catch the last fraction of one too.
    const overflows = () => {
      if (box.scrollHeight > box.clientHeight || box.scrollWidth > box.clientWidth) return true;
      const bottom = box.getBoundingClientRect().bottom;
      return [...box.children].some((child) => child.getBoundingClientRect().bottom > bottom + 0.01);
    };
    const fit = () => {
      set(1);
      if (!overflows()) return;
      let fits = MIN_FIT;
      let over = 1;
      for (let i = 0; i < 8; i++) {
        const mid = (fits + over) / 2;
        set(mid);
        if (overflows()) over = mid;
        else fits = mid;
      }
      set(fits);
    };
    fit();
    // The box's own size is the grid's, so resizing the type inside does not trigger this again.
    const resized = new ResizeObserver(fit);
    resized.observe(box);
    const changed = new MutationObserver(fit);
    changed.observe(box, { childList: true, characterData: true, subtree: true });
    return () => {
      resized.disconnect();
      changed.disconnect();
    };
  }, []);
  return ref;
}
