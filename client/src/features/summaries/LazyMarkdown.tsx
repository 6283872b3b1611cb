import { lazy, Suspense } from 'react';

// The Markdown renderer (react-markdown and its parsers) comes in a chunk of its own, fetched when a summary is
// first shown: the attendee's first load never carries it.
const Markdown = lazy(() => import('./Markdown'));

/** A summary's Markdown; until the renderer is here, the text as written (still readable, nothing jumps far). */
export function LazyMarkdown({ text, className }: { text: string; className?: string }) {
  return (
    <div className={className ? `markdown ${className}` : 'markdown'}>
      <Suspense fallback={<p className="markdown-plain">{text}</p>}>
        <Markdown text={text} />
      </Suspense>
    </div>
  );
}
