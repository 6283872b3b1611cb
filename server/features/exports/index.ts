import type { ServerFeature } from '../../core/feature';
import { exportRoutes } from './routes';

/** The organiser's exports after the event: one workbook with a sheet per table, and each table as CSV. */
export const exportsFeature: ServerFeature = {
  name: 'exports',
  routes: exportRoutes,
};
