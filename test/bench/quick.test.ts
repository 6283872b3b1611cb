import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
// Type-only: makes `npm run typecheck` check the bench's code too, so it never rots.
import type { Summary } from '../../bench/run';

/**
 * `npm run bench -- --quick` as a user runs it: four tiny scenarios (one process, two processes on Redis, the naive
 * mode, and the plenary splitting into breakouts), real server processes and load-generator processes. Timing figures are not asserted (the
 * machine runs other tests at the same time); the shape of the output, no errors and no lost writes are.
 */
function runQuick(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', 'bench', '--', '--quick'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run bench -- --quick', () => {
  it('runs the four scenarios, prints a table and, last, one JSON line with no errors and no lost writes', async () => {
    const { code, stdout, stderr } = await runQuick();
    expect(code, stderr).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    const summary = JSON.parse(lines[lines.length - 1]!) as Summary;
    expect(stdout).toContain('| join: all in, with state (s)');

    expect(summary.scenarios.map((s) => s.name)).toEqual(['plenary-1p', 'plenary-2p-redis', 'naive', 'breakout-split']);
    expect(stdout).toContain('| chat delivery ack→every client p50 / p99 (ms)');
    expect(stdout).toContain('| report-back on every screen p50 / p99 / max (ms)');
    for (const s of summary.scenarios) {
      for (const key of ['processes', 'attendees', 'votesPerSec', 'joinSeconds', 'ackP99Ms', 'updateP99Ms', 'rssKbPerConn', 'errors', 'lost'] as const) {
        expect(typeof s[key], `${s.name}: ${key}`).toBe('number');
      }
      expect(s.errorsByCode, `${s.name}: errors`).toEqual({});
      expect(s.errors, `${s.name}: errors`).toBe(0);
      expect(s.lost, `${s.name}: lost`).toBe(0);
      // Every vote, upvote and question was acknowledged, and every attendee's own state was checked.
      expect(s.votesPerSec, `${s.name}: votes/s`).toBeGreaterThan(0);
      expect(s.lostDetail?.attendeesChecked, `${s.name}: attendees checked`).toBe(s.attendees);
      // Every (write, client) update was seen to arrive: the generators' arrival records add up.
      expect(s.updatesMissing, `${s.name}: updates missing`).toBe(0);
      expect(Number.isFinite(s.updateP99Ms), `${s.name}: update p99`).toBe(true);
      // Every chat message reached every client (the naive baseline sends none).
      if (s.name !== 'naive') {
        expect(Number.isFinite(s.chatP99Ms), `${s.name}: chat delivery p99`).toBe(true);
        expect(s.chatMissing, `${s.name}: chat deliveries missing`).toBe(0);
      }
    }
    // The split: nobody over the capacity in the store's slot state and holders' sets, no acked choice missing, a waiting list,
    // and the report-back with the three summaries on every screen.
    const split = summary.scenarios.find((s) => s.name === 'breakout-split')!.breakouts!;
    expect(split).toMatchObject({ overCapacity: 0, choicesLost: 0, reportBackMissing: 0 });
    expect(split.waiting).toBeGreaterThan(0);
    expect(Number.isFinite(split.reportBackMaxMs)).toBe(true);
    expect(summary.scenarios.map((s) => s.processes)).toEqual([1, 2, 1, 1]);
    expect(summary.scenarios.map((s) => s.store)).toEqual(['embedded', 'redis', 'embedded', 'embedded']);
    expect(summary.scenarios.map((s) => s.coalesced)).toEqual([true, true, false, true]);
  }, 240_000);
});
