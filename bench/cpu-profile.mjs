// Loaded into a server process with NODE_OPTIONS=--import=<this file> when the bench runs with --profile
// (Node 20 refuses --cpu-prof in NODE_OPTIONS). SIGUSR2 starts V8's sampling profiler, the next SIGUSR2 stops it
// and writes BENCH_CPU_PROFILE/<pid>-<n>.cpuprofile (n = 1, 2...: the format of --cpu-prof, for Chrome DevTools
// or speedscope). SIGWINCH runs a full garbage collection and writes process.memoryUsage() after it to
// BENCH_CPU_PROFILE/<pid>-memory-<n>.json: what the connections really hold, garbage aside.
import inspector from 'node:inspector';
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';

const dir = process.env.BENCH_CPU_PROFILE;
if (dir) {
  const session = new inspector.Session();
  session.connect();
  let running = false;
  let n = 0;
  const stop = () => {
    if (!running) return;
    running = false;
    // The main thread's session answers synchronously, so this also works inside an 'exit' handler.
    session.post('Profiler.stop', (err, result) => {
      if (err) return;
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `${process.pid}-${++n}.cpuprofile`), JSON.stringify(result.profile));
    });
  };
  process.on('SIGUSR2', () => {
    if (running) return stop();
    session.post('Profiler.enable', () => {
      session.post('Profiler.setSamplingInterval', { interval: 500 }, () => {
        session.post('Profiler.start', () => (running = true));
      });
    });
  });
  process.on('exit', stop);

  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc');
  let m = 0;
  process.on('SIGWINCH', () => {
    gc();
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${process.pid}-memory-${++m}.json`), JSON.stringify(process.memoryUsage()));
  });
}
