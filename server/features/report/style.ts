/**
 * The report page's stylesheet, inline (the page has no other file). On screen: light or dark with the reader's
 * scheme, from 320 px wide. In print (and so in the PDF): A4, black on white, every session from a new page, no
 * contents links' underline, tables that do not split a row.
 */
export const REPORT_CSS = `
:root { color-scheme: light dark; --fg: #1a1a1a; --bg: #ffffff; --muted: #555555; --line: #c8c8c8; --bar: #1f4e8c; --track: #e6e6e6; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #ececec; --bg: #151515; --muted: #b8b8b8; --line: #4a4a4a; --bar: #8fb8ff; --track: #333333; }
}
* { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif; line-height: 1.5; }
body { margin: 0 auto; max-width: 52rem; padding: 1rem; color: var(--fg); background: var(--bg); overflow-wrap: anywhere; }
a { color: inherit; }
h1 { font-size: 1.8rem; line-height: 1.2; margin: 0.2rem 0; }
h2 { font-size: 1.4rem; line-height: 1.25; margin: 2rem 0 0.25rem; border-top: 2px solid var(--fg); padding-top: 0.75rem; }
h3 { font-size: 1.1rem; margin: 1.25rem 0 0.4rem; }
h4 { font-size: 1rem; margin: 0.9rem 0 0.3rem; }
p { margin: 0.3rem 0; }
.muted { color: var(--muted); }
.kicker { text-transform: uppercase; letter-spacing: 0.06em; font-size: 0.85rem; color: var(--muted); }
.subtitle { font-size: 1.1rem; }
.when { font-weight: 600; }
.offscreen { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(8.5rem, 1fr)); gap: 0.4rem; margin: 0.5rem 0; }
.figures div { border: 1px solid var(--line); border-radius: 4px; padding: 0.35rem 0.5rem; }
.figures dt { font-size: 0.85rem; color: var(--muted); }
.figures dd { margin: 0; font-size: 1.25rem; font-weight: 700; }
.figures dd .muted { font-size: 0.85rem; font-weight: 400; }
.contents { padding-left: 1.5rem; }
.questions { padding-left: 1.5rem; }
.questions li { margin-bottom: 0.6rem; }
.question { font-weight: 600; }
.reply { border-left: 3px solid var(--line); padding-left: 0.6rem; }
.poll { break-inside: avoid; margin-bottom: 0.8rem; }
table.results { border-collapse: collapse; width: 100%; margin: 0.3rem 0; }
table.results th, table.results td { border-bottom: 1px solid var(--line); padding: 0.25rem 0.4rem; text-align: left; vertical-align: top; }
table.results th p { margin: 0; font-weight: 400; }
table.results tr { break-inside: avoid; }
.num { text-align: right !important; white-space: nowrap; font-variant-numeric: tabular-nums; }
.barcell { width: 30%; min-width: 4rem; }
.bar { display: block; width: 100%; height: 0.8rem; }
.bar .track { fill: var(--track); }
.bar .fill { fill: var(--bar); }
.words { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.3rem 0.9rem; align-items: baseline; }
.words .w1 { font-size: 0.9rem; } .words .w2 { font-size: 1.05rem; } .words .w3 { font-size: 1.3rem; } .words .w4 { font-size: 1.6rem; font-weight: 600; } .words .w5 { font-size: 2rem; font-weight: 700; }
.answers li { margin-bottom: 0.3rem; }
.markdown blockquote { margin: 0.4rem 0; padding-left: 0.8rem; border-left: 3px solid var(--line); }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  :root { --fg: #000000; --bg: #ffffff; --muted: #333333; --line: #777777; --bar: #000000; --track: #ffffff; }
  html { font-size: 11pt; }
  body { max-width: none; padding: 0; }
  .session { break-before: page; }
  h2, h3, h4 { break-after: avoid; }
  .bar .track { stroke: #000000; stroke-width: 0.5; vector-effect: non-scaling-stroke; }
  .contents a { text-decoration: none; }
  .figures div { break-inside: avoid; }
}
`;
