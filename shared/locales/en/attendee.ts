// English, the words of everything an attendee may open (and the present view): loaded before the first render.
import ask from './ask.json';
import common from './common.json';
import errors from './errors.json';
import pages from './pages.json';
import pollTypes from './pollTypes.json';

export default { ask, common, errors, pages, pollTypes };
