import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one app instance (its own registry, so tests can build many apps). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  return {
    registry,
    connections: new Gauge({ name: 'companion_connections', help: 'Open Socket.IO connections', registers: [registry] }),
    eventsIn: new Counter({ name: 'companion_events_in_total', help: 'Socket events received', labelNames: ['event'], registers: [registry] }),
    errors: new Counter({ name: 'companion_errors_total', help: 'Error replies by code', labelNames: ['code'], registers: [registry] }),
    disconnections: new Counter({
      name: 'companion_disconnections_total',
      help: 'Socket.IO connections ended, by Socket.IO reason (a burst of "ping timeout" is a process too far behind to read its clients)',
      labelNames: ['reason'],
      registers: [registry],
    }),
    refusedConnections: new Counter({ name: 'companion_refused_connections_total', help: 'Handshakes refused', labelNames: ['reason'], registers: [registry] }),
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
