/**
 * Just enough PNG to compare two screenshots pixel by pixel: 8-bit greyscale, RGB or RGBA, not
 * interlaced (what Chromium writes). No dependency: the data is zlib, and each row is unfiltered here.
 */
import { inflateSync } from "node:zlib";

export interface Pixels {
  width: number;
  height: number;
  /** Bytes per pixel: 1 (grey), 3 (RGB) or 4 (RGBA). */
  channels: number;
  data: Buffer;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function decodePng(png: Buffer): Pixels {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error("not a PNG");
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString("latin1", at + 4, at + 8);
    const body = png.subarray(at + 8, at + 8 + length);
    if (type === "IHDR") {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [depth, colour, , , interlace] = [body[8], body[9], body[10], body[11], body[12]];
      channels = colour === 0 ? 1 : colour === 2 ? 3 : colour === 6 ? 4 : 0;
      if (depth !== 8 || channels === 0 || interlace !== 0) throw new Error(`unsupported PNG (depth ${depth}, colour type ${colour}, interlace ${interlace})`);
    } else if (type === "IDAT") {
      idat.push(body);
    }
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const data = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const row = y * stride;
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x]!;
      const left = x >= channels ? data[row + x - channels]! : 0;
      const up = y > 0 ? data[row - stride + x]! : 0;
      const corner = y > 0 && x >= channels ? data[row - stride + x - channels]! : 0;
      let predicted = 0;
      if (filter === 1) predicted = left;
      else if (filter === 2) predicted = up;
      else if (filter === 3) predicted = (left + up) >> 1;
      else if (filter === 4) {
        const p = left + up - corner;
        const [pl, pu, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - corner)];
        predicted = pl <= pu && pl <= pc ? left : pu <= pc ? up : corner;
      } else if (filter !== 0) throw new Error(`bad PNG filter ${filter} on row ${y}`);
      data[row + x] = (value + predicted) & 0xff;
    }
  }
  return { width, height, channels, data };
}

/**
 * True when the two pictures look the same: same size, and no colour channel of any pixel differs by
 * more than `tolerance` (font smoothing in a headless browser can shift a glyph's edge by a unit or two).
 */
export function samePicture(a: Buffer, b: Buffer, tolerance = 2): boolean {
  if (a.equals(b)) return true;
  const p = decodePng(a);
  const q = decodePng(b);
  if (p.width !== q.width || p.height !== q.height) return false;
  const colours = Math.min(p.channels, q.channels, 3);
  for (let i = 0; i < p.width * p.height; i++) {
    for (let c = 0; c < colours; c++) {
      if (Math.abs(p.data[i * p.channels + c]! - q.data[i * q.channels + c]!) > tolerance) return false;
    }
  }
  return true;
}
