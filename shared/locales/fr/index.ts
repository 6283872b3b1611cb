// French. The same files and keys as English (shared/locales/en); the type check names any that are missing.
import type { Catalogue } from '../catalogue';
import attendee from './attendee';
import staff from './staff';
import exportWords from './exports.json';

export default { ...attendee, ...staff, exports: exportWords } satisfies Catalogue;
