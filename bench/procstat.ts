import fs from 'node:fs';
import { execFileSync } from 'node:child_process';

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (100 on Linux almost always; asked once). */
const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

export interface ProcSample {
  at: number;
  /** CPU time used so far (user + system), milliseconds. */
  cpuMs: number;
  rssKb: number;
}

/** Reads one process's CPU time and resident set from /proc; null when it is gone. */
export function readProc(pid: number): Omit<ProcSample, 'at'> | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: the fields after it start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /VmRSS:\s+(\d+) kB/.exec(status);
    return { cpuMs: ((utime + stime) * 1000) / CLK_TCK, rssKb: rss ? Number(rss[1]) : 0 };
  } catch {
    return null;
  }
}

/** Busy CPU time of the whole machine so far (all cores: user, nice, system, irq, softirq, steal), milliseconds. */
export function machineBusyMs(): number {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number) as number[];
    return (((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) * 1000) / CLK_TCK;
  } catch {
    return 0;
  }
}

/** Samples a set of named processes every `intervalMs` until stopped. */
export class Sampler {
  readonly samples = new Map<string, ProcSample[]>();
  private readonly marks = new Map<string, Map<string, ProcSample>>();
  private readonly machineMarks = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly pids: Map<string, number>,
    private readonly intervalMs = 250,
  ) {}

  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    return this;
  }

  stop(): void {
    this.sample();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  sample(): void {
    const at = performance.timeOrigin + performance.now();
    for (const [name, pid] of this.pids) {
      const s = readProc(pid);
      if (!s) continue;
      let list = this.samples.get(name);
      if (!list) this.samples.set(name, (list = []));
      list.push({ at, ...s });
    }
  }

  /** Samples now and remembers the sample under a label (a phase boundary). */
  mark(label: string): number {
    const at = performance.timeOrigin + performance.now();
    const taken = new Map<string, ProcSample>();
    for (const [name, pid] of this.pids) {
      const s = readProc(pid);
      if (s) taken.set(name, { at, ...s });
    }
    this.marks.set(label, taken);
    this.machineMarks.set(label, machineBusyMs());
    return at;
  }

  /** CPU milliseconds a process used between two marks. */
  cpuMsBetween(name: string, from: string, to: string): number {
    const a = this.marks.get(from)?.get(name);
    const b = this.marks.get(to)?.get(name);
    return a && b ? b.cpuMs - a.cpuMs : 0;
  }

  /** CPU milliseconds the whole machine was busy between two marks. */
  machineCpuMsBetween(from: string, to: string): number {
    return (this.machineMarks.get(to) ?? 0) - (this.machineMarks.get(from) ?? 0);
  }

  rssAtMark(name: string, label: string): number {
    return this.marks.get(label)?.get(name)?.rssKb ?? 0;
  }

  /** The largest resident set seen between two instants, in kB. */
  peakRssKb(name: string, from: number, to: number): number {
    return (this.samples.get(name) ?? []).filter((s) => s.at >= from && s.at <= to).reduce((max, s) => Math.max(max, s.rssKb), 0);
  }
}
