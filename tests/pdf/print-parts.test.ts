// The print PDF's parts on their own: MD5 ids, JPEG header reading, XMP escaping and history.

import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { embedJpeg, readJpegInfo } from '../../src/pdf/images';
import { md5Hex, uuidFromHex } from '../../src/pdf/md5';
import { buildXmpPacket, preflightOverrideEvent, resolveMetadata } from '../../src/pdf/metadata';
import { patchHeaderVersion } from '../../src/pdf/print/output-intent';
import { cmykJpeg, grayJpeg } from './support/test-images';

/** The JPEG without its APP14 "Adobe" segment (plain, non-inverted CMYK convention). */
function withoutAdobeMarker(jpeg: Uint8Array): Uint8Array {
  let offset = 2;
  while (offset + 4 <= jpeg.length) {
    const marker = jpeg[offset + 1]!;
    const length = (jpeg[offset + 2]! << 8) | jpeg[offset + 3]!;
    if (marker === 0xee) return new Uint8Array([...jpeg.subarray(0, offset), ...jpeg.subarray(offset + 2 + length)]);
    offset += 2 + length;
  }
  throw new Error('no APP14 segment');
}

describe('md5', () => {
  it('matches the RFC 1321 test vectors', () => {
    expect(md5Hex('')).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(md5Hex('abc')).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(md5Hex('12345678901234567890123456789012345678901234567890123456789012345678901234567890')).toBe(
      '57edf4a22be3c955ac49da2e2107b67a',
    );
    expect(uuidFromHex('900150983cd24fb0d6963f7d28e17f72')).toBe('uuid:90015098-3cd2-4fb0-d696-3f7d28e17f72');
  });
});

describe('JPEG images', () => {
  it('reads size, components and the Adobe marker from the frame header', async () => {
    const cmyk = await cmykJpeg(20, 10, [0, 1, 0, 0]);
    expect(readJpegInfo(cmyk)).toEqual({ width: 20, height: 10, components: 4, bitsPerComponent: 8, adobe: true });
    expect(readJpegInfo(withoutAdobeMarker(cmyk))).toMatchObject({ components: 4, adobe: false });
    expect(readJpegInfo(await grayJpeg(7, 5, 0.5))).toMatchObject({ width: 7, height: 5, components: 1 });
    expect(readJpegInfo(new Uint8Array([0xff, 0xd8, 0xff, 0xd9]))).toBeNull();
    expect(readJpegInfo(cmyk.subarray(0, 30))).toBeNull();
  });

  it('inverts only Adobe-marked CMYK: a plain CMYK JPEG gets no Decode array', async () => {
    const pdf = await PDFDocument.create();
    const cmyk = await cmykJpeg(8, 8, [1, 0, 0, 0]);
    const adobe = embedJpeg(pdf.context, 1, { jpeg: cmyk, colorSpace: 'cmyk', widthPx: 8, heightPx: 8 }, false);
    const plain = embedJpeg(pdf.context, 2, { jpeg: withoutAdobeMarker(cmyk), colorSpace: 'cmyk', widthPx: 8, heightPx: 8 }, false);
    const decodeOf = (ref: typeof adobe.ref): string | undefined => pdf.context.lookup(ref)?.toString().match(/\/Decode \[([^\]]*)\]/)?.[1]?.trim();
    expect(decodeOf(adobe.ref)).toBe('1 0 1 0 1 0 1 0');
    expect(decodeOf(plain.ref)).toBeUndefined();
  });
});

describe('metadata', () => {
  const date = new Date('2026-01-20T02:30:00Z');

  it('escapes XML in every field and keeps each history event', () => {
    const resolved = resolveMetadata(
      {
        title: 'A <b> & "c"',
        cnSerial: 'CN 11-4553/D',
        history: [preflightOverrideEvent('图片 <待补> & 签字', new Date('2026-01-19T00:00:00Z'))],
      },
      { kind: 'print', standard: 'x1a', date, pages: 4 },
    );
    const xmp = buildXmpPacket(resolved);
    expect(xmp).toContain('<rdf:li xml:lang="x-default">A &lt;b&gt; &amp; &quot;c&quot;</rdf:li>');
    expect(xmp).toContain('<stEvt:parameters>图片 &lt;待补&gt; &amp; 签字</stEvt:parameters>');
    expect(xmp).toContain('<stEvt:when>2026-01-19T00:00:00Z</stEvt:when>');
    expect(xmp.startsWith('<?xpacket begin="\uFEFF"')).toBe(true);
    expect(xmp.endsWith('<?xpacket end="w"?>')).toBe(true);
  });

  it('derives title, subject and keywords from the issue, and the document id from the CN serial and issue', () => {
    const metadata = { cnSerial: 'CN 11-4553/D', issue: { publicationName: '北京人大', year: 2026, number: 2, coverDate: '2026-02-26' } };
    const first = resolveMetadata(metadata, { kind: 'print', date, pages: 60 });
    expect(first.title).toBe('北京人大 2026年第2期');
    expect(first.keywords).toEqual(['北京人大', 'CN 11-4553/D', '2026年第2期']);
    const again = resolveMetadata(metadata, { kind: 'screen', date: new Date('2026-02-01T00:00:00Z'), pages: 60 });
    expect(again.documentId).toBe(first.documentId);
    expect(again.instanceId).not.toBe(first.instanceId);
    const otherIssue = resolveMetadata({ ...metadata, issue: { ...metadata.issue, number: 3 } }, { kind: 'print', date, pages: 60 });
    expect(otherIssue.documentId).not.toBe(first.documentId);
    expect(() => resolveMetadata({ ...metadata, issue: { ...metadata.issue, coverDate: '26.2.2026' } }, { kind: 'print', date, pages: 1 })).toThrow(
      /yyyy-mm-dd/,
    );
  });

  it('patches the header version in place and refuses bytes that are not a PDF', () => {
    const bytes = new TextEncoder().encode('%PDF-1.7\n%rest');
    expect(new TextDecoder().decode(patchHeaderVersion(bytes, '1.3'))).toBe('%PDF-1.3\n%rest');
    expect(() => patchHeaderVersion(new TextEncoder().encode('GIF89a..'), '1.3')).toThrow(/header/);
  });
});
