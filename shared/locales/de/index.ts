// German. Same files and keys as English (locales/en); the type check says which are missing.
import type { Catalogue } from '../catalogue';
import common from './common.json';
import links from './links.json';
import programme from './programme.json';
import overview from './overview.json';
import pollsConsole from './pollsConsole.json';
import pollTypes from './pollTypes.json';
import exportWords from './exports.json';

export default { common, links, programme, overview, pollsConsole, pollTypes, exports: exportWords } satisfies Catalogue;
