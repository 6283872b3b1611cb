// `npm run test:abuse`: runs test/abuse against real servers, then prints what was tried and what held, one row per
// test, read from vitest's own JSON report (not from the tests' say-so). Titles read `[21.6] what was tried: what
// held` (an item of the hostile-audience issue) or `[F15] ...` (a line of FAULTS.md). A pending row (it.todo or
// it.skip) is listed as pending and is not counted as held. The last line is the summary.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

const REPORT = 'test-results/abuse.json';
fs.rmSync(REPORT, { force: true });
const vitest = path.resolve('node_modules/.bin/vitest');
const run = spawnSync(vitest, ['run', 'test/abuse', '--reporter=default', '--reporter=json', `--outputFile.json=${REPORT}`, ...process.argv.slice(2)], {
  stdio: 'inherit',
});

if (!fs.existsSync(REPORT)) {
  console.log(`no test report at ${REPORT}: the suite did not run`);
  console.log('abuse: 0 tried, 0 held, 1 failed');
  process.exit(1);
}
const report = JSON.parse(fs.readFileSync(REPORT, 'utf8'));

const rows = [];
for (const file of report.testResults) {
  // A file that failed to load has no test in it, but it failed: one row for it.
  if (file.status === 'failed' && !file.assertionResults.some((a) => a.status === 'failed'))
    rows.push({ id: '-', tried: path.relative('.', file.name), held: file.message?.split('\n')[0] ?? 'did not load', result: 'FAILED', ms: 0 });
  for (const a of file.assertionResults) {
    const match = /^\[([^\]]+)\]\s*(.*)$/.exec(a.title);
    const text = match ? match[2] : a.title;
    const colon = text.indexOf(': ');
    rows.push({
      id: match ? match[1] : '-',
      tried: colon > 0 ? text.slice(0, colon) : text,
      held: colon > 0 ? text.slice(colon + 2) : '',
      result: a.status === 'passed' ? 'held' : a.status === 'failed' ? 'FAILED' : 'pending',
      ms: Math.round(a.duration ?? 0),
    });
  }
}
const order = (id) => {
  const m = /^(\d+)\.(\d+)$/.exec(id) ?? /^F(\d+)$/.exec(id);
  if (!m) return [2, id];
  return id.startsWith('F') ? [1, Number(m[1])] : [0, Number(m[1]) * 1000 + Number(m[2])];
};
rows.sort((a, b) => {
  const [ka, va] = order(a.id);
  const [kb, vb] = order(b.id);
  return ka - kb || (va < vb ? -1 : va > vb ? 1 : 0);
});

const cut = (s, n) => (s.length > n ? s.slice(0, n - 1) + '…' : s);
const head = ['row', 'what was tried', 'what held', 'result', 'ms'];
const body = rows.map((r) => [r.id, cut(r.tried, 60), cut(r.held, 90), r.result, String(r.ms)]);
const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
const line = (cells) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
console.log('');
console.log(line(head));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const b of body) console.log(line(b));
console.log('');

const held = rows.filter((r) => r.result === 'held').length;
const failed = rows.filter((r) => r.result === 'FAILED').length;
const pending = rows.filter((r) => r.result === 'pending');
if (pending.length) console.log(`pending (not counted as held): ${pending.length} row(s): ${pending.map((r) => r.id).join(', ')}`);
// A run that failed outside any test (a hook, an unhandled error) is a failure too.
const failedOutside = run.status !== 0 && failed === 0 ? 1 : 0;
console.log(`abuse: ${held + failed + failedOutside} tried, ${held} held, ${failed + failedOutside} failed`);
process.exit(failed + failedOutside > 0 ? 1 : 0);
