// English, the words of everything an attendee may open (and the present view): loaded before the first render.
import ask from './ask.json';
import common from './common.json';
import errors from './errors.json';
import join from './join.json';
import live from './live.json';
import nowLive from './nowLive.json';
import pages from './pages.json';
import polls from './polls.json';
import pollTypes from './pollTypes.json';
import present from './present.json';
import qa from './qa.json';
import vote from './vote.json';

export default { ask, common, errors, join, live, nowLive, pages, polls, pollTypes, present, qa, vote };
