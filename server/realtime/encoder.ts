import { randomUUID } from 'node:crypto';
import { Decoder, Encoder as SocketIoEncoder, PacketType, protocol, type Packet } from 'socket.io-parser';

/**
 * JSON already written, sent as it is inside a message: the programme, encoded once per version of the agenda
 * (`ProgrammeText`) and otherwise encoded again for every joining attendee's welcome, where it is most of the
 * bytes (measured: the welcome's encoding was about a sixth of a join's CPU, in the benchmark's join phase).
 */
export class RawJson {
  constructor(readonly json: string) {}
}

/**
 * What stands for a raw value while the rest is encoded: a string no message can hold, as it carries a secret drawn
 * when the process starts (a chat message that imitated a mark would otherwise have the programme spliced in its
 * place).
 */
const SECRET = randomUUID();
const mark = (i: number) => `\u0000raw:${SECRET}:${i}`;

/**
 * Socket.IO's encoder, and for the welcome (the one message that carries `RawJson`) its JSON written with each
 * raw value spliced in. Every other message is encoded as Socket.IO always does.
 */
class Encoder extends SocketIoEncoder {
  override encode(packet: Packet): (string | Buffer)[] {
    if (packet.type !== PacketType.EVENT || packet.data?.[0] !== 'welcome' || (packet.nsp && packet.nsp !== '/') || packet.id != null)
      return super.encode(packet);
    const raws: string[] = [];
    let json = JSON.stringify(packet.data, (_key, value: unknown) => (value instanceof RawJson ? mark(raws.push(value.json) - 1) : value));
    raws.forEach((raw, i) => {
      const at = json.indexOf(JSON.stringify(mark(i)));
      if (at >= 0) json = json.slice(0, at) + raw + json.slice(at + JSON.stringify(mark(i)).length);
    });
    return [`${PacketType.EVENT}${json}`];
  }
}

/** The parser the server is made with (Socket.IO's `parser` option). */
export const welcomeParser = { protocol, Encoder, Decoder };
