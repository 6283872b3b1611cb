// German. Same files and keys as English (locales/en); the type check says which are missing.
import type { Catalogue } from '../catalogue';
import common from './common.json';
import errors from './errors.json';
import pages from './pages.json';
import qaConsole from './qaConsole.json';

export default { common, errors, pages, qaConsole } satisfies Catalogue;
