/**
 * Store keys of the attendance figures, in the event's scope. The first four are the contract the report and the
 * exports read by key (docs/ARCHITECTURE.md, "Attendance figures"); the rest are this feature's own working
 * documents.
 */
export const ATT = {
  /** Set: every attendee id that connected at least once. */
  seen: 'att:seen',
  /** Set: every attendee id that followed the room at least once. */
  seenRoom: (roomId: string) => `att:seen:${roomId}`,
  /** `AttendanceSeries`: one sample a minute. */
  series: 'att:series',
  /** `AttendancePeak`. */
  peak: 'att:peak',
  /** Set: the ids of the processes that wrote counts for the event. */
  processes: 'att:procs',
  /** `ProcessCounts`: one process's counts of its own connections, with the time it wrote them. */
  process: (processId: string) => `att:proc:${processId}`,
  /** `{ at }`: the last minute sampled; its version check lets one process only write a minute's sample. */
  minute: 'att:minute',
};

/** Other features' documents, read by key for the participation figures (features do not import each other). */
export const READ = {
  agenda: 'agenda',
  qaIds: (roomId: string) => `qa:ids:${roomId}`,
  question: (id: string) => `q:${id}`,
  pollIds: 'polls:ids',
  poll: (id: string) => `poll:${id}`,
  tally: (pollId: string) => `tally:${pollId}`,
  chatRecord: (roomId: string) => `chat:record:${roomId}`,
  slotIds: 'bo:slots',
  /** Who holds a place in a breakout of a slot (its size: the places taken). */
  holders: (slotId: string, roomId: string) => `bo:in:${slotId}:${roomId}`,
  contributionIds: (roomId: string) => `bo:cids:${roomId}`,
  contribution: (id: string) => `bo:c:${id}`,
};
