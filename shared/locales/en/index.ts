// English: the source catalogue. Every other language has the same files and keys (i18n/catalogue.ts).
import common from './common.json';
import errors from './errors.json';
import pages from './pages.json';
import qaConsole from './qaConsole.json';

export default { common, errors, pages, qaConsole };
