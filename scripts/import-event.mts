// Imports an event from its backup file into a running instance: `npm run import-event -- <file.json.gz>
// [--code NEWCODE] [--url https://companion.example.org]`, with that instance's ADMIN_TOKEN in the environment.
// The instance is PUBLIC_URL (else http://localhost:$PORT, else :3000) unless --url says otherwise. Sends the file as
// it is (POST /api/events, see README "Moving an event") and prints the new organiser link and the attendee link.
import fs from 'node:fs';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { code: { type: 'string' }, url: { type: 'string' } },
});
const file = positionals[0];
const token = process.env.ADMIN_TOKEN;
if (!file || positionals.length > 1) fail('Usage: npm run import-event -- <backup.json.gz> [--code NEWCODE] [--url https://companion.example.org]');
if (!token) fail("Set ADMIN_TOKEN to the instance's admin token (see the README's environment table).");
const base = (values.url ?? process.env.PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/$/, '');

let body: Buffer;
try {
  body = fs.readFileSync(file);
} catch (error) {
  fail(`Cannot read ${file}: ${(error as Error).message}`);
}
const query = values.code ? `?code=${encodeURIComponent(values.code)}` : '';
let res: Response;
try {
  res = await fetch(`${base}/api/events${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/gzip' },
    body,
  });
} catch (error) {
  fail(`Cannot reach ${base}: ${(error as Error).message}`);
}
const reply = (await res.json().catch(() => ({ ok: false, message: `HTTP ${res.status}` }))) as
  { ok: true; eventId: string; code: string; title: string; head: number; organiserUrl: string; attendeeUrl: string } | { ok: false; message: string };
if (!reply.ok) fail(`Not imported: ${reply.message}`);
process.stdout.write(
  [
    `Imported "${reply.title}" as ${reply.code} (event ${reply.eventId}, ${reply.head} changes so far).`,
    `  Organiser: ${reply.organiserUrl}`,
    `  Attendees: ${reply.attendeeUrl}`,
    '',
  ].join('\n'),
);

function fail(message: string): never {
  process.stderr.write(message + '\n');
  process.exit(1);
}
