// German, the words of the staff's views (chair, rapporteur, organiser): loaded with those views.
import chair from './chair.json';
import links from './links.json';
import programme from './programme.json';
import overview from './overview.json';
import pollsConsole from './pollsConsole.json';
import qaConsole from './qaConsole.json';
import staffErrors from './staffErrors.json';
import staffPages from './staffPages.json';
import breakoutsConsole from './breakoutsConsole.json';
import summaries from './summaries.json';
import moderation from './moderation.json';
import chatConsole from './chatConsole.json';
import security from './security.json';
import report from './report.json';
import exportsCard from './exportsCard.json';
import backup from './backup.json';
import privacyConsole from './privacyConsole.json';

export default {
  chair,
  links,
  programme,
  overview,
  pollsConsole,
  qaConsole,
  staffErrors,
  staffPages,
  breakoutsConsole,
  summaries,
  moderation,
  chatConsole,
  security,
  report,
  exportsCard,
  backup,
  privacyConsole,
};
