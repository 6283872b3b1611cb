// English: the source catalogue (catalogue.ts). The client loads start.ts first, event.ts with the live pages and
// staff.ts with the staff's views; the server words its downloads with exports.json.
import start from './start';
import event from './event';
import staff from './staff';
import exportWords from './exports.json';

export default { ...start, ...event, ...staff, exports: exportWords };
