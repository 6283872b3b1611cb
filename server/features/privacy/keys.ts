/** Store keys of the event's privacy. */
export const PRIVACY = {
  /** The event's settings (`PrivacySettings`); absent: the defaults. */
  doc: 'privacy',
  /** In the global scope: the events that people joined, which the retention sweep looks at. */
  events: 'privacy:events',
};
