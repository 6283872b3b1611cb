// English: the source catalogue. Every other language has the same files and keys (i18n/catalogue.ts).
import common from './common.json';
import links from './links.json';
import programme from './programme.json';
import overview from './overview.json';
import pollsConsole from './pollsConsole.json';
import pollTypes from './pollTypes.json';
import exportWords from './exports.json';

export default { common, links, programme, overview, pollsConsole, pollTypes, exports: exportWords };
