/**
 * The version of the wire contract, sent in every handshake (`Handshake.v`). Raised whenever a message changes in a
 * way an older client cannot read: after a deploy, a tab still running the old build is refused with `OUTDATED`
 * and asks its person to reload, instead of half-working. A backup file carries it too, and is read only by the
 * same version, or by version 2 (3: runs of changes in the live stream, breakout choices in small documents, which a
 * version 2 backup's import brings its slots to: B14).
 */
export const PROTOCOL_VERSION = 3;
