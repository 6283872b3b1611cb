import { randomUUID } from 'node:crypto';
import { Decoder, Encoder as SocketIoEncoder, PacketType, protocol, type Packet } from 'socket.io-parser';

/**
 * What stands for a raw value while the rest is encoded: a string no message can hold, as it carries a secret drawn
 * when the process starts (a chat message that imitated it would otherwise have the programme spliced in its place).
 */
const MARK_VALUE = `\u0000raw:${randomUUID()}`;
const MARK = JSON.stringify(MARK_VALUE);

/**
 * JSON already written, sent as it is inside the welcome: the programme, encoded once per version of the agenda
 * (`ProgrammeText`) and otherwise encoded again for every joining attendee's welcome, where it is most of the bytes.
 * While the welcome is encoded it stands as the mark (`toJSON`), so JSON.stringify stays on its fast path: no
 * replacer function called for every value of the message.
 */
export class RawJson {
  constructor(readonly json: string) {}
  toJSON(): string {
    return MARK_VALUE;
  }
}

/**
 * Socket.IO's encoder, and for the welcome (the one message that carries `RawJson`, at most once) its JSON with the
 * raw value spliced in where the mark stands. The welcome has no binary parts, so Socket.IO's walk of the whole
 * message looking for them is left out too. Every other message is encoded as Socket.IO always does.
 */
class Encoder extends SocketIoEncoder {
  override encode(packet: Packet): (string | Buffer)[] {
    const data = packet.data as unknown[] | undefined;
    if (packet.type !== PacketType.EVENT || data?.[0] !== 'welcome' || (packet.nsp && packet.nsp !== '/') || packet.id != null) return super.encode(packet);
    const raw = rawOf(data[1]);
    const json = JSON.stringify(data);
    const at = raw ? json.indexOf(MARK) : -1;
    return [`${PacketType.EVENT}${at < 0 ? json : json.slice(0, at) + raw!.json + json.slice(at + MARK.length)}`];
  }
}

/** The welcome's raw programme, where the snapshot holds it. */
function rawOf(welcome: unknown): RawJson | null {
  const programme = (welcome as { sync?: { snapshot?: { agenda?: { programme?: unknown } } } } | undefined)?.sync?.snapshot?.agenda?.programme;
  return programme instanceof RawJson ? programme : null;
}

/** The parser the server is made with (Socket.IO's `parser` option). */
export const welcomeParser = { protocol, Encoder, Decoder };
