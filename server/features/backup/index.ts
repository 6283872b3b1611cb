import type { ServerFeature } from '../../core/feature';
import { backupRoutes } from './routes';

/** The whole event as one file (its organiser's download) and its import on another instance. */
export const backupFeature: ServerFeature = {
  name: 'backup',
  routes: backupRoutes,
};
