// French, the words of the first pages (start, join, loading and errors, the connection and times): loaded before
// the first render.
import common from './common.json';
import errors from './errors.json';
import join from './join.json';
import live from './live.json';
import pages from './pages.json';
import suspension from './suspension.json';
import privacy from './privacy.json';

export default { common, errors, join, live, pages, suspension, privacy };
