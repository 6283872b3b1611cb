// The attendee's live page's panels, one chunk fetched once the person joins (or returns with a session): the join
// page, which is all a first visit needs before the Join button works, carries none of them. See ./live.tsx.
export { NowLive } from '../components/NowLive';
export { ProgrammeView } from '../components/Programme';
export { QaAsk, QaPanel } from '../features/qa/QaPanel';
export { PollsPanel } from '../features/polls/PollsPanel';
export { ChatPanel } from '../features/chat/ChatPanel';
export { MeBar } from './MeBar';
export { BreakoutChooser, BreakoutLink } from '../features/breakouts/BreakoutChooser';
export { KeyTopics } from '../features/breakouts/KeyTopics';
export { ProgrammeSummary, ReportBackPanel } from '../features/summaries/ReportBack';
export { PauseBanner } from '../features/moderation/PauseBanner';
export { MyData } from '../features/privacy/MyData';
