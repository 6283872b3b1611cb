import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import ReactMarkdown from 'react-markdown';
import rehypeSanitize from 'rehype-sanitize';
import type { Participation, ReportData, ReportPoll, ReportSession, ReportSummary } from '../../../shared/protocol/report';
import type { MessageKey } from '../../../shared/locales/catalogue';
import { instantOf } from '../../../shared/time';
import type { Words } from '../../http/language';
import { REPORT_CSS } from './style';

/**
 * The report as one static HTML page (no script): the public page, the organiser's preview and what the PDF prints,
 * so all three are the same. Every text from people or the programme is escaped; a summary's Markdown is rendered
 * as the attendees' page renders it (no raw HTML, sanitised, http(s) links only, no images).
 */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const onlyHttp = (url: string) => (/^https?:\/\//i.test(url.trim()) ? url : '');

export function markdownHtml(text: string): string {
  return renderToStaticMarkup(
    createElement(
      ReactMarkdown,
      { skipHtml: true, rehypePlugins: [rehypeSanitize], disallowedElements: ['img'], unwrapDisallowed: true, urlTransform: onlyHttp },
      text,
    ),
  );
}

interface Page {
  title: string;
  lang: string;
  body: string;
}

export function pageHtml({ title, lang, body }: Page): string {
  return `<!doctype html>
<html lang="${esc(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="robots" content="noindex">
<title>${esc(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** The page a visitor gets for a report that is not published (with a 404). */
export function notPublishedHtml(words: Words): string {
  const { t, language } = words;
  return pageHtml({
    title: t('report.notPublishedTitle'),
    lang: language,
    body: `<main><h1>${esc(t('report.notPublishedTitle'))}</h1><p>${esc(t('report.notPublished'))}</p></main>`,
  });
}

export function reportHtml(data: ReportData, words: Words): string {
  const { t, language } = words;
  const zone = data.timeZone;
  const number = new Intl.NumberFormat(language, { maximumFractionDigits: 2 });
  const percent = new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 });
  const day = new Intl.DateTimeFormat(language, { dateStyle: 'full', timeZone: zone });
  const dayOf = (date: string) => day.format(instantOf(date, '12:00', zone));
  const dateTime = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeStyle: 'short', timeZone: zone });
  const list = new Intl.ListFormat(language, { type: 'conjunction' });
  const id = (i: number) => `session-${i + 1}`;

  /** The event's figures, or a session's: its room's whole-event attendance is in the overview, and only a breakout has sign-ups. */
  const figures = (f: Participation, headingId: string, session?: ReportSession) => {
    const breakout = !session || session.roomKind === 'breakout';
    const rows: [MessageKey, number | null, boolean][] = [
      ['report.figAttendees', f.attendees, !session],
      ['report.figPeak', f.peak, true],
      ['report.figAverage', f.average, true],
      ['report.figAsked', f.questionsAsked, true],
      ['report.figApproved', f.questionsApproved, true],
      ['report.figAnswered', f.questionsAnswered, true],
      ['report.figVotes', f.votes, true],
      ['report.figChat', f.chatMessages, true],
      ['report.figSignups', f.signups, breakout],
      ['report.figContributions', f.contributions, breakout],
    ];
    return `<dl class="figures" aria-labelledby="${headingId}">${rows
      .filter(([, , shown]) => shown)
      .map(
        ([key, n]) =>
          `<div><dt>${esc(t(key))}</dt><dd>${n === null ? `<span class="muted">${esc(t('report.notRecorded'))}</span>` : esc(number.format(n))}</dd></div>`,
      )
      .join('')}</dl>`;
  };

  const bar = (p: number) =>
    `<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect x="0" y="0" width="100" height="10" class="track"/><rect x="0" y="0" width="${Math.max(0, Math.min(100, p))}" height="10" class="fill"/></svg>`;

  const poll = (p: ReportPoll) => {
    const head = `<h4>${esc(p.question)}</h4><p class="muted">${esc(t('report.voters', { count: p.voters }))}</p>`;
    const r = p.result;
    switch (r.kind) {
      case 'bars':
        return `${head}<table class="results"><thead><tr><th scope="col">${esc(t('report.colOption'))}</th><th scope="col" class="num">${esc(t('report.colVotes'))}</th><th scope="col" class="num">${esc(t('report.colPercent'))}</th><th class="barcell"><span class="offscreen">${esc(t('report.colPercent'))}</span></th></tr></thead><tbody>${r.bars
          .map(
            (b) =>
              `<tr><th scope="row">${esc(b.label)}</th><td class="num">${esc(number.format(b.count))}</td><td class="num">${esc(percent.format(b.percent / 100))}</td><td class="barcell">${bar(b.percent)}</td></tr>`,
          )
          .join('')}</tbody></table>${r.average === null ? '' : `<p>${esc(t('report.average', { value: number.format(r.average) }))}</p>`}`;
      case 'words':
        return `${head}<ul class="words">${r.words.map((w) => `<li class="w${w.size}">${esc(t('report.wordCount', { word: w.word, count: number.format(w.count) }))}</li>`).join('')}</ul>`;
      case 'ranking':
        return `${head}<table class="results"><thead><tr><th scope="col">${esc(t('report.colOption'))}</th><th scope="col" class="num">${esc(t('report.colPoints'))}</th><th scope="col" class="num">${esc(t('report.colPosition'))}</th></tr></thead><tbody>${r.options
          .map(
            (o) =>
              `<tr><th scope="row">${esc(o.label)}</th><td class="num">${esc(number.format(o.points))}</td><td class="num">${o.averagePosition === null ? '' : esc(number.format(o.averagePosition))}</td></tr>`,
          )
          .join('')}</tbody></table>`;
      case 'answers':
        return r.shown
          ? `${head}<ul class="answers">${r.answers.map((a) => `<li>${esc(a)}</li>`).join('')}</ul>`
          : `${head}<p>${esc(t('report.answersHidden', { count: p.voters }))}</p>`;
    }
  };

  const summary = (s: ReportSummary | null, headingId: string) => {
    const heading = `<h3 id="${headingId}">${esc(t('report.summary'))}</h3>`;
    if (!s) return `${heading}<p class="muted">${esc(t('report.noSummary'))}</p>`;
    const meta = [
      s.rapporteur ? esc(t('report.rapporteur', { name: s.rapporteur })) : '',
      esc(t('report.publishedOn', { when: dateTime.format(s.publishedAt) })),
      s.edition > 1 ? esc(t('report.edition', { edition: s.edition })) : '',
    ].filter(Boolean);
    const sectionTitle = (kind: string, title: string | null) =>
      title ?? t(kind === 'recommendations' ? 'summaries.sectionRecommendations' : 'summaries.sectionOther');
    const sections = s.sections
      .map(
        (x) => `<section class="summary-section"><h4>${esc(sectionTitle(x.kind, x.title))}</h4><div class="markdown">${markdownHtml(x.body)}</div></section>`,
      )
      .join('');
    const marks = s.points.some((p) => p.agree + p.disagree + p.unsure > 0)
      ? `<h4>${esc(t('report.reportBack'))}</h4><table class="results marks"><thead><tr><th scope="col">${esc(t('report.colPoint'))}</th><th scope="col" class="num">${esc(t('report.colAgree'))}</th><th scope="col" class="num">${esc(t('report.colDisagree'))}</th><th scope="col" class="num">${esc(t('report.colUnsure'))}</th></tr></thead><tbody>${s.points
          .map(
            (p) =>
              `<tr><th scope="row">${markdownHtml(p.text)}</th><td class="num">${esc(number.format(p.agree))}</td><td class="num">${esc(number.format(p.disagree))}</td><td class="num">${esc(number.format(p.unsure))}</td></tr>`,
          )
          .join('')}</tbody></table>`
      : '';
    return `${heading}<p class="muted">${meta.join(' · ')}</p>${sections}${marks}`;
  };

  const sessionTitle = (s: ReportSession) => s.title ?? t('report.outsideProgramme', { room: s.roomName });
  const session = (s: ReportSession, i: number) => {
    const hid = id(i);
    const when = s.date && s.start && s.end ? `${dayOf(s.date)}, ${s.start}–${s.end} · ${s.roomName}` : s.roomName;
    const people = [
      s.speakers.length ? esc(t('report.speakers', { names: list.format(s.speakers) })) : '',
      s.chairs.length ? esc(t('report.chairs', { names: list.format(s.chairs) })) : '',
    ].filter(Boolean);
    const questions = s.questions.length
      ? `<ol class="questions">${s.questions
          .map(
            (q) =>
              `<li><p class="question">${esc(q.text)}</p><p class="muted">${esc(q.author ? t('report.askedBy', { name: q.author }) : t('report.anonymous'))} · ${esc(t('report.upvotes', { count: q.upvotes }))} · ${esc(t(q.answered ? 'report.answered' : 'report.notAnswered'))}</p>${q.reply ? `<p class="reply">${esc(t('report.reply', { text: q.reply }))}</p>` : ''}</li>`,
          )
          .join('')}</ol>`
      : `<p class="muted">${esc(t('report.noQuestions'))}</p>`;
    return `<section class="session" aria-labelledby="${hid}">
<h2 id="${hid}">${esc(sessionTitle(s))}</h2>
<p class="when">${esc(when)}</p>${people.length ? `<p class="muted">${people.join(' · ')}</p>` : ''}
<h3 id="${hid}-figures">${esc(t('report.sessionFigures'))}</h3>${figures(s.figures, `${hid}-figures`, s)}
<h3>${esc(t('report.questions'))}</h3>${questions}
${s.polls.length ? `<h3>${esc(t('report.polls'))}</h3>${s.polls.map((p) => `<div class="poll">${poll(p)}</div>`).join('')}` : ''}
${s.roomKind === 'breakout' && s.itemId ? summary(s.summary, `${hid}-summary`) : ''}
</section>`;
  };

  const days =
    data.firstDay && data.lastDay
      ? data.firstDay === data.lastDay
        ? dayOf(data.firstDay)
        : t('report.days', { first: dayOf(data.firstDay), last: dayOf(data.lastDay) })
      : '';
  const body = `<header class="cover">
<p class="kicker">${esc(t('report.heading'))}</p>
<h1>${esc(data.title)}</h1>
${data.subtitle ? `<p class="subtitle">${esc(data.subtitle)}</p>` : ''}
<p>${esc([days, data.venue ?? ''].filter(Boolean).join(' · '))}</p>
<p class="muted">${esc(t('report.madeAt', { when: dateTime.format(data.madeAt) }))}</p>
</header>
<main>
<section class="glance" aria-labelledby="glance"><h2 id="glance">${esc(t('report.glance'))}</h2>${figures(data.totals, 'glance')}
<table class="results rooms"><thead><tr><th scope="col">${esc(t('report.colRoom'))}</th><th scope="col" class="num">${esc(t('report.colFollowed'))}</th></tr></thead><tbody>${data.rooms
    .map((r) => `<tr><th scope="row">${esc(r.name)}</th><td class="num">${esc(number.format(r.attendees))}</td></tr>`)
    .join('')}</tbody></table>
<h3>${esc(t('report.contents'))}</h3><ol class="contents">${data.sessions.map((s, i) => `<li><a href="#${id(i)}">${esc(sessionTitle(s))}</a> <span class="muted">${esc(s.roomName)}</span></li>`).join('')}</ol>
</section>
${data.sessions.map(session).join('\n')}
</main>`;
  return pageHtml({ title: t('report.pageTitle', { title: data.title }), lang: language, body });
}
