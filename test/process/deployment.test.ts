import fs from 'node:fs';
import { describe, it, expect } from 'vitest';
import { parse } from 'yaml';

/** No Docker engine runs here, so the compose file's structure is checked instead of started. */
describe('docker-compose.yml', () => {
  const compose = parse(fs.readFileSync('docker-compose.yml', 'utf8')) as { services: Record<string, any>; volumes: Record<string, unknown> };

  it('runs Redis with AOF everysec on a volume', () => {
    const redis = compose.services.redis;
    expect(redis.command.join(' ')).toMatch(/--appendonly yes --appendfsync everysec/);
    expect(redis.volumes[0]).toMatch(/^redis-data:\/data$/);
    expect(Object.keys(compose.volumes)).toContain('redis-data');
  });

  it('runs two app replicas on that Redis with one shared signing key, behind a load balancer', () => {
    for (const name of ['app1', 'app2']) {
      const app = compose.services[name];
      expect(app.build).toBe('.');
      expect(app.environment.REDIS_URL).toBe('redis://redis:6379');
      expect(app.environment.SESSION_SECRET).toMatch(/^\$\{SESSION_SECRET/);
      expect(app.depends_on.redis.condition).toBe('service_healthy');
      expect(app.stop_signal).toBe('SIGTERM');
    }
    const lb = compose.services.lb;
    expect(lb.ports).toContain('8080:80');
    const conf = fs.readFileSync(lb.volumes[0].split(':')[0], 'utf8');
    expect(conf).toMatch(/server app1:3000/);
    expect(conf).toMatch(/server app2:3000/);
    expect(conf).toMatch(/proxy_set_header Upgrade \$http_upgrade/);
  });

  it('builds an image that starts the server the way npm start does', () => {
    const dockerfile = fs.readFileSync('Dockerfile', 'utf8');
    expect(dockerfile).toMatch(/RUN npm ci/);
    expect(dockerfile).toMatch(/RUN npm run build/);
    expect(dockerfile).toMatch(/CMD \["node", "--enable-source-maps", "--max-semi-space-size=16", "--heap-growing-percent=40", "dist\/server\/index.js"\]/);
    const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
    expect(pkg.scripts.start).toContain(
      'npm run build:server && node --enable-source-maps --max-semi-space-size=16 --heap-growing-percent=40 dist/server/index.js',
    );
  });
});
