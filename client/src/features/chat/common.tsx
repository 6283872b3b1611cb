import { textParts } from '../../../../shared/domain/chat';
import type { Reaction } from '../../../../shared/protocol/chat';

/** How each reaction kind is drawn (the words for screen readers are the catalogue's). */
export const REACTION_EMOJI: Record<Reaction, string> = {
  thumbsUp: '👍',
  heart: '❤️',
  laugh: '😂',
  clap: '👏',
  party: '🎉',
  thinking: '🤔',
};

/** The picker's button: a face and a plus (its name for screen readers is the catalogue's). */
export const ADD_REACTION = '☺+';

/**
 * A message's text as React text nodes, never markup (C9). An address is a link only when the event allows
 * links and it is http(s); it opens in a new tab without the page's opener or referrer, marked as user content.
 */
export function MessageText({ text, links }: { text: string; links: boolean }) {
  return (
    <>
      {textParts(text, links).map((part, i) =>
        part.kind === 'url' && part.href ? (
          <a key={i} href={part.href} target="_blank" rel="noopener noreferrer nofollow ugc">
            {part.text}
          </a>
        ) : (
          <span key={i} className={part.kind === 'url' ? 'chat-url' : undefined}>
            {part.text}
          </span>
        ),
      )}
    </>
  );
}
