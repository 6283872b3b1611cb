import net from 'node:net';
import { freePort } from '../helpers/ports';

/**
 * A TCP proxy on loopback in front of Redis or an app process, to inject network faults for real:
 * `cut()` destroys every connection (a network blip), `stall()` stops forwarding while keeping the connections
 * open (a half-open link: nothing errors, nothing arrives), `resume()` forwards again.
 */
export class FaultProxy {
  port = 0;
  private server: net.Server | null = null;
  private pairs = new Set<[net.Socket, net.Socket]>();
  private stalled = false;

  constructor(private readonly targetPort: number) {}

  async start(): Promise<this> {
    this.port = this.port || (await freePort());
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.targetPort, '127.0.0.1');
      const pair: [net.Socket, net.Socket] = [client, upstream];
      this.pairs.add(pair);
      const forward = (from: net.Socket, to: net.Socket) =>
        from.on('data', (chunk) => {
          if (!this.stalled) to.write(chunk);
        });
      forward(client, upstream);
      forward(upstream, client);
      const close = () => {
        this.pairs.delete(pair);
        client.destroy();
        upstream.destroy();
      };
      client.on('error', close).on('close', close);
      upstream.on('error', close).on('close', close);
    });
    await new Promise<void>((r) => this.server!.listen(this.port, '127.0.0.1', r));
    return this;
  }

  get connections(): number {
    return this.pairs.size;
  }

  cut(): void {
    for (const [a, b] of this.pairs) {
      a.destroy();
      b.destroy();
    }
    this.pairs.clear();
  }

  stall(): void {
    this.stalled = true;
  }

  resume(): void {
    this.stalled = false;
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise((r) => this.server?.close(r));
  }
}
