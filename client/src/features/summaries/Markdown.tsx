import ReactMarkdown from 'react-markdown';
import rehypeSanitize from 'rehype-sanitize';

/**
 * A summary's Markdown, rendered safely: raw HTML is dropped (not rendered, not passed through), the HTML that
 * Markdown makes is sanitised (rehype-sanitize, GitHub's list), images are left out, and a link keeps its address
 * only when it is http(s) (a `javascript:` or `data:` one becomes an inert text link). In a chunk of its own:
 * see ./LazyMarkdown.tsx.
 */
const onlyHttp = (url: string) => (/^https?:\/\//i.test(url.trim()) ? url : '');

export default function Markdown({ text }: { text: string }) {
  return (
    <ReactMarkdown skipHtml rehypePlugins={[rehypeSanitize]} disallowedElements={['img']} unwrapDisallowed urlTransform={onlyHttp}>
      {text}
    </ReactMarkdown>
  );
}
