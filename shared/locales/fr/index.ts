// French. Same files and keys as English (locales/en); the type check says which are missing.
import type { Catalogue } from '../catalogue';
import common from './common.json';

export default { common } satisfies Catalogue;
