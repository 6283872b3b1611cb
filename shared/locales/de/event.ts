// German, the words of the event's live pages (the attendee's panels, the present view): loaded with them.
import ask from './ask.json';
import nowLive from './nowLive.json';
import polls from './polls.json';
import pollTypes from './pollTypes.json';
import present from './present.json';
import qa from './qa.json';
import reportBack from './reportBack.json';
import vote from './vote.json';
import breakouts from './breakouts.json';
import chat from './chat.json';
import myData from './myData.json';

export default { ask, nowLive, polls, pollTypes, present, qa, reportBack, vote, breakouts, chat, myData };
