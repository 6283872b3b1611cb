// English: the source catalogue (catalogue.ts). The client loads attendee.ts first and staff.ts with the staff's
// views; the server words its downloads with exports.json.
import attendee from './attendee';
import staff from './staff';
import exportWords from './exports.json';

export default { ...attendee, ...staff, exports: exportWords };
