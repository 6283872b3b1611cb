/** One row per scenario, summed over its runs; printed as a table with the summary line the issue asks for. */
export interface Row {
  scenario: string;
  runs: number;
  acked: number;
  lost: number;
  duplicates: number;
  gaps: number;
  clients: number;
  converged: number;
  convergeMs: number[];
  refused: Record<string, number>;
  crashes: number;
  unhandled: number;
  /** Places taken beyond a breakout's capacity, in the store. */
  overCapacity: number;
  /** Of `acked`: chat messages, deletions and reactions, breakout choices, key-topic answers, summary saves. */
  sideAcked: number;
}

export const rows = new Map<string, Row>();

export function row(scenario: string): Row {
  let r = rows.get(scenario);
  if (!r)
    rows.set(
      scenario,
      (r = {
        scenario,
        runs: 0,
        acked: 0,
        lost: 0,
        duplicates: 0,
        gaps: 0,
        clients: 0,
        converged: 0,
        convergeMs: [],
        refused: {},
        crashes: 0,
        unhandled: 0,
        overCapacity: 0,
        sideAcked: 0,
      }),
    );
  return r;
}

export function addRefusals(r: Row, refusals: Record<string, number>): void {
  for (const [code, n] of Object.entries(refusals)) r.refused[code] = (r.refused[code] ?? 0) + n;
}

function pct(values: number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function table(): string {
  const head = [
    'scenario',
    'runs',
    'acked',
    'of which chat/breakouts/summary',
    'lost',
    'dup',
    'over cap',
    'gaps',
    'converged',
    'conv p50 ms',
    'conv p99 ms',
    'refused during fault',
    'crashes',
    'unhandled',
  ];
  const body = [...rows.values()].map((r) => [
    r.scenario,
    String(r.runs),
    String(r.acked),
    String(r.sideAcked),
    String(r.lost),
    String(r.duplicates),
    String(r.overCapacity),
    String(r.gaps),
    `${r.converged}/${r.clients}`,
    String(pct(r.convergeMs, 50)),
    String(pct(r.convergeMs, 99)),
    Object.entries(r.refused)
      .map(([c, n]) => `${c} ${n}`)
      .join(', ') || '-',
    String(r.crashes),
    String(r.unhandled),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ') + ' |';
  const all = [...rows.values()];
  const sum = (f: (r: Row) => number) => all.reduce((n, r) => n + f(r), 0);
  return [
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...body.map(line),
    '',
    `faults: ${all.length} scenarios, ${sum((r) => r.runs)} runs, ${sum((r) => r.acked)} acknowledged writes (${sum((r) => r.sideAcked)} of them chat, breakouts and summaries), lost ${sum((r) => r.lost)}, duplicates ${sum((r) => r.duplicates)}, over capacity ${sum((r) => r.overCapacity)}, gaps ${sum((r) => r.gaps)}, crashes ${sum((r) => r.crashes)}`,
  ].join('\n');
}
