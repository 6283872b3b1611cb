// First step of `npm test`: the suites need three system programs. When some are missing, say so in one line with
// the command that installs them, and stop before anything is built. Looks where the tests look (same variables).
import fs from 'node:fs';
import path from 'node:path';

/** Whether `file` can be run: an absolute or relative path as given, or a bare name found on PATH. */
function runnable(file) {
  const candidates = file.includes('/')
    ? [file]
    : (process.env.PATH ?? '')
        .split(path.delimiter)
        .filter(Boolean)
        .map((dir) => path.join(dir, file));
  return candidates.some((candidate) => {
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return fs.statSync(candidate).isFile();
    } catch {
      return false;
    }
  });
}

// [Debian package, whether what the tests use is there]
const needs = [
  // test/helpers/redis.ts starts its own redis-server.
  ['redis-server', runnable(process.env.REDIS_SERVER ?? 'redis-server')],
  // test/helpers/browser.ts launches the system Chromium (playwright-core downloads no browser).
  ['chromium', runnable(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')],
  // The fault suite preloads libfaketime into a server process, from this path (test/faults/faults.test.ts).
  ['faketime', fs.existsSync('/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1')],
];

const missing = needs.filter(([, present]) => !present).map(([pkg]) => pkg);
if (missing.length > 0) {
  console.error(`npm test: missing ${missing.join(', ')}; install with: apt-get install -y ${missing.join(' ')}`);
  process.exit(1);
}
