// English: the source catalogue. Every other language has the same files and keys (i18n/catalogue.ts).
import common from './common.json';

export default { common };
