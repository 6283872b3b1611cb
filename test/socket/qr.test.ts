import { describe, expect, it } from 'vitest';
import { qrImage } from '../../server/http/qr';

/** The join QR code is rendered once per address (a PNG is costly and the route public), and is a real image. */
describe('join QR code', () => {
  it('renders a PNG and an SVG of the address once each, then hands out the same image', async () => {
    const address = 'https://companion.example/e/QRTEST';
    const png = await qrImage(address, 'png');
    expect(Buffer.isBuffer(png)).toBe(true);
    expect((png as Buffer).subarray(1, 4).toString()).toBe('PNG');
    expect(await qrImage(address, 'png')).toBe(png);
    const svg = await qrImage(address, 'svg');
    expect(String(svg)).toMatch(/^<svg/);
    expect(await qrImage(address, 'svg')).toBe(svg);
    // Another address is another image.
    expect(await qrImage('https://companion.example/e/OTHER', 'png')).not.toEqual(png);
  });
});
