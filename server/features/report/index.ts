import type { ServerFeature } from '../../core/feature';
import { reportHandlers } from './handlers';
import { reportRouter } from './routes';
import { findChromium, PdfPrinter } from './pdf';

/**
 * The end-of-event report: every session's questions, polls, published breakout summaries and participation
 * figures, read by key from the other features' documents, as one static HTML page (the organiser's preview, the
 * public page once published) and its PDF, printed by the system's Chromium.
 */
export const reportFeature: ServerFeature = {
  name: 'report',
  handlers: reportHandlers,
  routes: (deps) => reportRouter(deps, new PdfPrinter({ executablePath: findChromium(), log: deps.log })),
};
