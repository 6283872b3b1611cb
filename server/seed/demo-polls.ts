import type { PollDraftInput } from '../../shared/protocol/polls';

/**
 * Polls prepared (as drafts) for the demo programme's "Live polling" slots: day 2, sessions 2 and 3, plus a word
 * cloud to open day 1. Chairs launch them from their view.
 */
export const DEMO_POLLS: (PollDraftInput & { id: string })[] = [
  {
    id: 'd1-welcome-word',
    roomId: 'plenary',
    itemId: 'd1-welcome',
    type: 'wordcloud',
    question: "In one word: what does 'microcredential' mean to you?",
  },
  {
    id: 'd2-s2-issuing',
    roomId: 'plenary',
    itemId: 'd2-s2',
    type: 'single',
    question: 'Does your organisation issue or recognise digital credentials today?',
    options: [
      { id: 'issue', label: 'Yes, we issue them' },
      { id: 'recognise', label: 'Yes, we recognise them' },
      { id: 'both', label: 'Both' },
      { id: 'planned', label: 'Not yet, but it is planned' },
      { id: 'no', label: 'No' },
    ],
  },
  {
    id: 'd2-s2-technologies',
    roomId: 'plenary',
    itemId: 'd2-s2',
    type: 'multiple',
    question: 'Which technologies matter most for trustworthy digital microcredentials? (pick up to 2)',
    maxPicks: 2,
    options: [
      { id: 'edc', label: 'European Digital Credentials for Learning' },
      { id: 'badges', label: 'Open Badges' },
      { id: 'ledger', label: 'Distributed ledgers (blockchain)' },
      { id: 'wallets', label: 'Digital identity wallets' },
      { id: 'ai', label: 'AI for skills matching' },
    ],
  },
  {
    id: 'd2-s2-interoperability',
    roomId: 'plenary',
    itemId: 'd2-s2',
    type: 'rating',
    question: 'How easily can learners share microcredentials across platforms today?',
    scale: { min: 1, max: 5, minLabel: 'Not at all', maxLabel: 'Seamlessly' },
    visibility: 'closed',
  },
  {
    id: 'd2-s3-priorities',
    roomId: 'plenary',
    itemId: 'd2-s3',
    type: 'ranking',
    question: 'Rank the research priorities on microcredentials, most urgent first',
    options: [
      { id: 'value', label: 'Labour-market value and employer recognition' },
      { id: 'quality', label: 'Quality assurance' },
      { id: 'stack', label: 'Stacking into full qualifications' },
      { id: 'access', label: 'Access for vulnerable groups' },
      { id: 'outcomes', label: 'Long-term learner outcomes' },
    ],
  },
  {
    id: 'd2-s3-missing',
    roomId: 'plenary',
    itemId: 'd2-s3',
    type: 'wordcloud',
    question: 'In one word: what is still missing for microcredentials to take off?',
    visibility: 'reveal',
  },
  {
    id: 'd2-s3-tools',
    roomId: 'plenary',
    itemId: 'd2-s3',
    type: 'open',
    question: 'Which supporting tool would help you most in working with microcredentials?',
  },
];
