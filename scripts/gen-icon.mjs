// Draws images/icon.png (128x128, RGBA): a term sheet with rising bars on a
// rounded navy square. Plain Node (zlib for the PNG encoding), 4x4 supersampled
// so the edges are smooth. Run it again only to change the icon; the PNG is committed.
import { writeFileSync, mkdirSync } from "node:fs";
import { deflateSync } from "node:zlib";

const SIZE = 128;
const SS = 4;

const inRoundRect = (x, y, x0, y0, x1, y1, r) => {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};

// Layers, bottom to top: [test(x, y), [r, g, b]] (coordinates in pixels of the 128 grid).
const NAVY = [22, 38, 74];
const PAPER = [244, 246, 250];
const FOLD = [196, 205, 222];
const LINE = [160, 172, 196];
const GREEN = [38, 166, 110];
// The sheet's top-right corner is cut along the diagonal from (80, 18) to (98, 36); the fold fills the triangle below it.
const cut = (x, y) => x > 80 && y < 36 && x - 80 > y - 18;
const sheet = (x, y) => inRoundRect(x, y, 30, 18, 98, 110, 5) && !cut(x, y);
const fold = (x, y) => x > 80 && x <= 98 && y >= 18 && y < 36 && !cut(x, y);
const layers = [
  [(x, y) => inRoundRect(x, y, 4, 4, 124, 124, 22), NAVY],
  [sheet, PAPER],
  [fold, FOLD],
  [(x, y) => inRoundRect(x, y, 40, 30, 72, 34, 2), LINE],
  [(x, y) => inRoundRect(x, y, 40, 40, 66, 44, 2), LINE],
  [(x, y) => inRoundRect(x, y, 42, 80, 52, 100, 2), GREEN],
  [(x, y) => inRoundRect(x, y, 59, 66, 69, 100, 2), GREEN],
  [(x, y) => inRoundRect(x, y, 76, 52, 86, 100, 2), GREEN],
];

const pixels = Buffer.alloc(SIZE * SIZE * 4);
for (let py = 0; py < SIZE; py++) {
  for (let px = 0; px < SIZE; px++) {
    let r = 0, g = 0, b = 0, a = 0;
    for (let sy = 0; sy < SS; sy++) {
      for (let sx = 0; sx < SS; sx++) {
        const x = px + (sx + 0.5) / SS;
        const y = py + (sy + 0.5) / SS;
        let color;
        for (const [test, c] of layers) if (test(x, y)) color = c;
        if (color) {
          r += color[0]; g += color[1]; b += color[2]; a += 1;
        }
      }
    }
    const i = (py * SIZE + px) * 4;
    // Colours premultiplied over the covered samples; alpha is the coverage.
    pixels[i] = a ? Math.round(r / a) : 0;
    pixels[i + 1] = a ? Math.round(g / a) : 0;
    pixels[i + 2] = a ? Math.round(b / a) : 0;
    pixels[i + 3] = Math.round((255 * a) / (SS * SS));
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};

const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) pixels.copy(raw, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4);
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk("IHDR", ihdr),
  chunk("IDAT", deflateSync(raw, { level: 9 })),
  chunk("IEND", Buffer.alloc(0)),
]);
const out = new URL("../images/icon.png", import.meta.url);
mkdirSync(new URL(".", out), { recursive: true });
writeFileSync(out, png);
console.log(`images/icon.png: ${SIZE}x${SIZE}, ${png.length} bytes`);
