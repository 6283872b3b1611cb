import type http from 'node:http';
import type net from 'node:net';
import proxyaddr from 'proxy-addr';

export interface ConnectionLimits {
  /** A connection that has sent no byte by then is closed (silent TCP connections). */
  firstByteTimeoutMs: number;
  /** A request whose head is not complete by then is answered 408 and closed (slowloris). */
  headersTimeoutMs: number;
  /** Open connections one address may hold; 0 for no cap. */
  connectionsPerAddress: number;
  /** Addresses the cap leaves alone: a proxy in front, which carries everyone's connections (proxy-addr syntax). */
  capExempt: string[];
}

/** A whole request (head and body: a programme import on a slow line) must arrive within this. */
const REQUEST_TIMEOUT_MS = 120_000;
/** How often Node looks for requests past their time; its default (30 s) would let a slowloris hold on that long. */
export const CONNECTIONS_CHECKING_INTERVAL_MS = 1_000;

/**
 * Holds the connections of one address to what a person, or a company behind one NAT address, needs. Without
 * the proxy of deploy/, the server faces the internet itself: headers that never end, connections that never say
 * a word and one address opening thousands would otherwise keep file descriptors until the process runs out.
 * A WebSocket leaves these checks once upgraded (socket.io's pings watch it from then on).
 */
export function guardConnections(server: http.Server, limits: ConnectionLimits, onRefused: (why: 'silent' | 'perAddress') => void): void {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = Math.max(REQUEST_TIMEOUT_MS, limits.headersTimeoutMs + 1);
  const exempt = limits.capExempt.length ? proxyaddr.compile(limits.capExempt) : () => false;
  const open = new Map<string, number>();

  server.on('connection', (socket: net.Socket) => {
    const address = socket.remoteAddress ?? '';
    if (limits.connectionsPerAddress > 0 && !exempt(address, 0)) {
      const count = (open.get(address) ?? 0) + 1;
      if (count > limits.connectionsPerAddress) {
        onRefused('perAddress');
        return void socket.destroy();
      }
      open.set(address, count);
      socket.once('close', () => {
        const left = (open.get(address) ?? 1) - 1;
        if (left > 0) open.set(address, left);
        else open.delete(address);
      });
    }
    // The HTTP parser reads the socket itself (no 'data' events): the handle's byte count says whether it spoke.
    const silent = setTimeout(() => {
      if (socket.bytesRead === 0 && !socket.destroyed) {
        onRefused('silent');
        socket.destroy();
      }
    }, limits.firstByteTimeoutMs);
    silent.unref();
    socket.once('close', () => clearTimeout(silent));
  });
}
