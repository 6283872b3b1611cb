import { agendaFeature } from './agenda/slice';
import { linksFeature } from './links/slice';
import { qaFeature } from './qa/slice';
import { pollsFeature } from './polls/slice';
import { breakoutsFeature } from './breakouts/slice';
import { summariesFeature } from './summaries/slice';
import { moderationFeature } from './moderation/slice';
import { chatFeature } from './chat/slice';

/** Every feature of the client's store, in one list: snapshots, changes and live totals loop over it. */
export const FEATURES = [agendaFeature, linksFeature, qaFeature, pollsFeature, breakoutsFeature, summariesFeature, moderationFeature, chatFeature] as const;
