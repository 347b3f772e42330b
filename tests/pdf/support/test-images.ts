// Photos for the writer's tests, made with sharp: a CMYK JPEG of one exact ink mix (via an
// uncompressed CMYK TIFF written by hand, since sharp's raw input is always RGB/RGBA), a grey
// and an RGB JPEG.

import sharp from 'sharp';

/** An uncompressed, chunky, 8-bit CMYK TIFF (PhotometricInterpretation 5, InkSet 1) of one colour. */
export function cmykTiff(width: number, height: number, cmyk: [number, number, number, number]): Buffer {
  const entries: Array<[tag: number, type: number, count: number, value: number]> = [];
  const ifdOffset = 8;
  const entryCount = 11;
  const bitsOffset = ifdOffset + 2 + entryCount * 12 + 4;
  const dataOffset = bitsOffset + 8;
  const dataLength = width * height * 4;
  const SHORT = 3;
  const LONG = 4;
  entries.push(
    [256, LONG, 1, width],
    [257, LONG, 1, height],
    [258, SHORT, 4, bitsOffset],
    [259, SHORT, 1, 1], // no compression
    [262, SHORT, 1, 5], // separated (CMYK)
    [273, LONG, 1, dataOffset],
    [277, SHORT, 1, 4],
    [278, LONG, 1, height],
    [279, LONG, 1, dataLength],
    [284, SHORT, 1, 1], // chunky
    [332, SHORT, 1, 1], // InkSet CMYK
  );
  const out = Buffer.alloc(dataOffset + dataLength);
  out.write('II', 0, 'latin1');
  out.writeUInt16LE(42, 2);
  out.writeUInt32LE(ifdOffset, 4);
  out.writeUInt16LE(entryCount, ifdOffset);
  entries.forEach(([tag, type, count, value], index) => {
    const at = ifdOffset + 2 + index * 12;
    out.writeUInt16LE(tag, at);
    out.writeUInt16LE(type, at + 2);
    out.writeUInt32LE(count, at + 4);
    if (type === SHORT && count === 1) out.writeUInt16LE(value, at + 8);
    else out.writeUInt32LE(value, at + 8);
  });
  out.writeUInt32LE(0, ifdOffset + 2 + entryCount * 12);
  for (let i = 0; i < 4; i++) out.writeUInt16LE(8, bitsOffset + i * 2);
  for (let pixel = 0; pixel < width * height; pixel++) {
    for (let channel = 0; channel < 4; channel++) out[dataOffset + pixel * 4 + channel] = Math.round(cmyk[channel]! * 255);
  }
  return out;
}

export async function cmykJpeg(width: number, height: number, cmyk: [number, number, number, number]): Promise<Uint8Array> {
  return new Uint8Array(await sharp(cmykTiff(width, height, cmyk)).pipelineColourspace('cmyk').toColourspace('cmyk').jpeg({ quality: 95 }).toBuffer());
}

export async function grayJpeg(width: number, height: number, level: number): Promise<Uint8Array> {
  const value = Math.round(level * 255);
  return new Uint8Array(
    await sharp({ create: { width, height, channels: 3, background: { r: value, g: value, b: value } } })
      .toColourspace('b-w')
      .jpeg({ quality: 95 })
      .toBuffer(),
  );
}

export async function rgbJpeg(width: number, height: number, rgb: [number, number, number]): Promise<Uint8Array> {
  return new Uint8Array(
    await sharp({ create: { width, height, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } })
      .jpeg({ quality: 95 })
      .toBuffer(),
  );
}
