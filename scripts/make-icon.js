// Draws media/icon.png (128×128): a regularization path — coefficient lines that shrink to zero
// as the penalty grows — on a dark tile. Plain zlib PNG writer, no image libraries.
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const W = 128, H = 128;
const px = new Uint8Array(W * H * 4);

function blend(x, y, [r, g, b], a) {
  if (x < 0 || y < 0 || x >= W || y >= H || a <= 0) return;
  const i = (y * W + x) * 4;
  px[i] = px[i] * (1 - a) + r * a; px[i + 1] = px[i + 1] * (1 - a) + g * a; px[i + 2] = px[i + 2] * (1 - a) + b * a;
  px[i + 3] = Math.max(px[i + 3], Math.round(255 * a));
}

// Rounded tile.
for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
  const dx = Math.max(0, Math.abs(x + 0.5 - 64) - 48), dy = Math.max(0, Math.abs(y + 0.5 - 64) - 48);
  const d = Math.hypot(dx, dy) - 14;
  blend(x, y, [30, 37, 48], Math.min(1, Math.max(0, 0.5 - d)));
}

/** Anti-aliased thick line by distance to the segment. */
function line(x0, y0, x1, y1, color, width) {
  const minX = Math.floor(Math.min(x0, x1) - width), maxX = Math.ceil(Math.max(x0, x1) + width);
  const minY = Math.floor(Math.min(y0, y1) - width), maxY = Math.ceil(Math.max(y0, y1) + width);
  const vx = x1 - x0, vy = y1 - y0, len2 = vx * vx + vy * vy;
  for (let y = minY; y <= maxY; y++) for (let x = minX; x <= maxX; x++) {
    const t = Math.max(0, Math.min(1, ((x + 0.5 - x0) * vx + (y + 0.5 - y0) * vy) / len2));
    const d = Math.hypot(x + 0.5 - (x0 + t * vx), y + 0.5 - (y0 + t * vy));
    blend(x, y, color, Math.min(1, Math.max(0, width / 2 + 0.5 - d)));
  }
}

// Axes.
line(22, 106, 108, 106, [150, 160, 175], 3);
line(22, 106, 22, 20, [150, 160, 175], 3);
// Paths: coefficient(t) = b * max(0, 1 - t / t0) with soft curvature, zero line at y = 64.
const zero = 64;
const paths = [[-38, 0.95, [97, 175, 239]], [30, 0.75, [229, 192, 123]], [-18, 0.5, [224, 108, 117]], [14, 0.3, [152, 195, 121]]];
for (const [b, t0, color] of paths) {
  let px0 = 28, py0 = zero + b;
  for (let s = 1; s <= 60; s++) {
    const t = s / 60;
    const k = Math.max(0, 1 - t / t0);
    const x = 28 + t * 76, y = zero + b * k * k * (3 - 2 * k);
    line(px0, py0, x, y, color, 4);
    px0 = x; py0 = y;
  }
}

function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(zlib.crc32 ? zlib.crc32(td) : crc32(td));
  return Buffer.concat([len, td, crc]);
}
function crc32(buf) {
  let c = ~0;
  for (const b of buf) { c ^= b; for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1)); }
  return ~c >>> 0;
}
const raw = Buffer.alloc(H * (W * 4 + 1));
for (let y = 0; y < H; y++) { raw[y * (W * 4 + 1)] = 0; Buffer.from(px.buffer, y * W * 4, W * 4).copy(raw, y * (W * 4 + 1) + 1); }
const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(W, 0); ihdr.writeUInt32BE(H, 4); ihdr[8] = 8; ihdr[9] = 6;
const png = Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
fs.writeFileSync(path.join(__dirname, '..', 'media', 'icon.png'), png);
