// French. The same files and keys as English (shared/locales/en); the type check names any that are missing.
import type { Catalogue } from '../catalogue';
import start from './start';
import event from './event';
import staff from './staff';
import exportWords from './exports.json';

export default { ...start, ...event, ...staff, exports: exportWords } satisfies Catalogue;
