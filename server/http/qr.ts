import QRCode from 'qrcode';

/**
 * The join QR code of an address, as SVG (to scale) or a 1024-px PNG (sharp on a full-HD slide). Made once per
 * address and kept: a PNG takes a tenth of a second or more of the event loop, and the route is public, so one
 * address asking for it in a loop must not stall everybody's live updates. The address is the event's public one,
 * so there are as many as events; the oldest goes past 64.
 */
const MAX_KEPT = 64;
const kept = new Map<string, Promise<string | Buffer>>();

export function qrImage(address: string, format: 'svg' | 'png'): Promise<string | Buffer> {
  const key = `${format} ${address}`;
  let image = kept.get(key);
  if (!image) {
    image = format === 'svg' ? QRCode.toString(address, { type: 'svg', margin: 1 }) : QRCode.toBuffer(address, { type: 'png', margin: 2, width: 1024 });
    kept.set(key, image);
    // A failed render is not kept: the next request tries again.
    image.catch(() => kept.delete(key));
    if (kept.size > MAX_KEPT) kept.delete(kept.keys().next().value!);
  }
  return image;
}
