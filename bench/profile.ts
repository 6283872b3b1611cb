import fs from 'node:fs';

/** The parts of a V8 .cpuprofile (as --cpu-prof and the inspector write it) that a summary needs. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  totalMs: number;
  /** Time not idle. */
  busyMs: number;
  /** Self time by function, busiest first. */
  functions: { name: string; where: string; selfMs: number; share: number }[];
  /** Self time by package or source area (node_modules/<pkg>, server/<file>, node internals, GC). */
  areas: { area: string; selfMs: number; share: number }[];
  /** Inclusive time of this project's own functions (server/ and shared/), busiest first. */
  inclusive: { name: string; where: string; totalMs: number; share: number }[];
}

function areaOf(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const mod = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (mod) return mod[1]!;
  const own = /\/((?:server|shared|bench)\/.*)$/.exec(url);
  if (own) return own[1]!;
  if (url.startsWith('node:')) return 'node internals';
  return url;
}

function whereOf(url: string, line: number): string {
  if (!url) return '';
  const short = url
    .replace(/^file:\/\//, '')
    .replace(/^.*node_modules\//, '')
    .replace(/^.*\/((?:server|shared|bench)\/)/, '$1');
  return `${short}:${line + 1}`;
}

export function summariseProfile(file: string, top = 15): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const totalMs = [...self.values()].reduce((a, b) => a + b, 0);
  let idleMs = 0;
  const fnSelf = new Map<string, { name: string; where: string; ms: number }>();
  const areaSelf = new Map<string, number>();
  const inclusive = new Map<string, { name: string; where: string; ms: number }>();
  for (const [id, ms] of self) {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idleMs += ms;
      continue;
    }
    const name = functionName || '(anonymous)';
    const where = whereOf(url, lineNumber);
    const key = `${name} ${where}`;
    const f = fnSelf.get(key) ?? { name, where, ms: 0 };
    f.ms += ms;
    fnSelf.set(key, f);
    const area = areaOf(url, name);
    areaSelf.set(area, (areaSelf.get(area) ?? 0) + ms);
    // Inclusive time of own functions: each own frame on the stack once per sample.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const cf = byId.get(cur)!.callFrame;
      if (!/\/(server|shared|bench)\//.test(cf.url) || /node_modules/.test(cf.url)) continue;
      const k = `${cf.functionName || '(anonymous)'} ${whereOf(cf.url, cf.lineNumber)}`;
      if (seen.has(k)) continue;
      seen.add(k);
      const e = inclusive.get(k) ?? { name: cf.functionName || '(anonymous)', where: whereOf(cf.url, cf.lineNumber), ms: 0 };
      e.ms += ms;
      inclusive.set(k, e);
    }
  }
  const busyMs = totalMs - idleMs;
  const share = (ms: number) => (busyMs ? ms / busyMs : 0);
  return {
    totalMs,
    busyMs,
    functions: [...fnSelf.values()]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, top)
      .map((f) => ({ name: f.name, where: f.where, selfMs: f.ms, share: share(f.ms) })),
    areas: [...areaSelf]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([area, ms]) => ({ area, selfMs: ms, share: share(ms) })),
    inclusive: [...inclusive.values()]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, top)
      .map((f) => ({ name: f.name, where: f.where, totalMs: f.ms, share: share(f.ms) })),
  };
}

export function formatProfile(label: string, s: ProfileSummary): string {
  const pct = (x: number) => `${(x * 100).toFixed(1).padStart(5)}%`;
  const lines = [`CPU profile of ${label}: ${(s.busyMs / 1000).toFixed(1)} s busy of ${(s.totalMs / 1000).toFixed(1)} s sampled`];
  lines.push('  self time by area:');
  for (const a of s.areas) lines.push(`    ${pct(a.share)}  ${a.area}`);
  lines.push('  self time by function:');
  for (const f of s.functions) lines.push(`    ${pct(f.share)}  ${f.name}  ${f.where}`);
  lines.push("  inclusive time of the project's own functions:");
  for (const f of s.inclusive) lines.push(`    ${pct(f.share)}  ${f.name}  ${f.where}`);
  return lines.join('\n');
}

// `node --import tsx bench/profile.ts <file.cpuprofile>...` prints the summary of saved profiles.
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const file of process.argv.slice(2)) console.log(formatProfile(file, summariseProfile(file, 25)) + '\n');
}
