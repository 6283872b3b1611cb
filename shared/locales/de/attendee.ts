// German, the words of everything an attendee may open (and the present view): loaded before the first render.
import common from './common.json';
import errors from './errors.json';
import join from './join.json';
import nowLive from './nowLive.json';
import pages from './pages.json';
import pollTypes from './pollTypes.json';
import vote from './vote.json';

export default { common, errors, join, nowLive, pages, pollTypes, vote };
