import type { ServerFeature } from '../core/feature';
import { agendaFeature } from './agenda';
import { linksFeature } from './links';
import { qaFeature } from './qa';
import { pollsFeature } from './polls';
import { sessionFeature } from './session';
import { breakoutsFeature } from './breakouts';
import { summariesFeature } from './summaries';
import { moderationFeature } from './moderation';
import { chatFeature } from './chat';
import { overviewFeature } from './overview';
import { reportFeature } from './report';
import { exportsFeature } from './exports';
import { backupFeature } from './backup';
import { privacyFeature } from './privacy';

/** Every feature of the server, in one list: the app, the socket router, the snapshots and the live stream loop over it. */
export const FEATURES: readonly ServerFeature[] = [
  agendaFeature,
  linksFeature,
  qaFeature,
  pollsFeature,
  sessionFeature,
  breakoutsFeature,
  summariesFeature,
  moderationFeature,
  chatFeature,
  overviewFeature,
  reportFeature,
  exportsFeature,
  backupFeature,
  privacyFeature,
];
