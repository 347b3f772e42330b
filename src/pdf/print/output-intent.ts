// PDF/X plumbing at document level: the /GTS_PDFX output intent with the embedded output
// profile, and the header version the standard requires (pdf-lib always writes %PDF-1.7:
// print-pdf.md, pitfall 3).
// Pure.

import { PDFName, PDFString, type PDFContext, type PDFDocument } from 'pdf-lib';
import { PdfWriteError } from '../errors';
import type { PdfxStandard } from '../metadata';
import { registerFlateStream, type Deflate } from '../pdf-streams';

/** The printing condition the file is made for, with its ICC output profile. */
export interface OutputIntent {
  /** The ICC profile bytes (a CMYK "prtr" profile, e.g. ISO Coated v2 300 %). */
  icc: Uint8Array;
  /** OutputConditionIdentifier, a registered characterisation, e.g. "FOGRA39". */
  identifier: string;
  /** OutputCondition, human-readable, e.g. "ISO Coated v2 300% (basICColor)". */
  condition?: string;
  /** RegistryName; default "http://www.color.org". */
  registryName?: string;
  /** Info, e.g. "Coated offset, FOGRA39, 300% TAC". */
  info?: string;
}

/** The condition of the profile shipped in resources/icc (ISOcoated_v2_300_bas.icc): the export
 *  pipeline adds the bytes it reads from there. Ask the printer before changing it. */
export const ISO_COATED_V2_300_CONDITION: Omit<OutputIntent, 'icc'> = {
  identifier: 'FOGRA39',
  condition: 'ISO Coated v2 300% (basICColor)',
  registryName: 'http://www.color.org',
  info: 'Coated offset (ISO 12647-2:2004), FOGRA39 characterisation, 300% total area coverage',
};

export const HEADER_VERSION: Record<PdfxStandard, string> = { x1a: '1.3', x4: '1.6' };

/** ICC header: bytes 12–15 device class, 16–19 colour space, 36–39 "acsp". */
function iccComponents(icc: Uint8Array): number | null {
  if (icc.length < 128) return null;
  const signature = (offset: number): string => String.fromCharCode(...icc.subarray(offset, offset + 4));
  if (signature(36) !== 'acsp') return null;
  const components: Record<string, number> = { CMYK: 4, GRAY: 1, 'RGB ': 3 };
  return components[signature(16)] ?? null;
}

export function addOutputIntent(pdf: PDFDocument, intent: OutputIntent | undefined, deflate: Deflate | undefined): void {
  if (!intent || intent.icc.length === 0) {
    throw new PdfWriteError('output_intent_missing', 'A print PDF needs the output intent with its ICC profile bytes');
  }
  const components = iccComponents(intent.icc);
  if (components !== 4) {
    throw new PdfWriteError(
      'output_intent_missing',
      components === null ? 'The output profile is not an ICC profile' : 'The output profile is not a CMYK profile',
      { reason: components === null ? 'not_icc' : 'not_cmyk' },
    );
  }
  const context: PDFContext = pdf.context;
  const profileRef = registerFlateStream(context, intent.icc, { N: context.obj(components) }, deflate);
  const outputIntent = context.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFX',
    OutputConditionIdentifier: PDFString.of(intent.identifier),
    RegistryName: PDFString.of(intent.registryName ?? 'http://www.color.org'),
    DestOutputProfile: profileRef,
  });
  if (intent.condition) outputIntent.set(PDFName.of('OutputCondition'), PDFString.of(intent.condition));
  outputIntent.set(PDFName.of('Info'), PDFString.of(intent.info ?? intent.condition ?? intent.identifier));
  pdf.catalog.set(PDFName.of('OutputIntents'), context.obj([context.register(outputIntent)]));
}

/** Overwrites "%PDF-1.7" with the wanted version: same length, so the xref offsets stay valid. */
export function patchHeaderVersion(bytes: Uint8Array, version: string): Uint8Array {
  const header = `%PDF-${version}`;
  const written = String.fromCharCode(...bytes.subarray(0, header.length));
  if (!/^%PDF-\d\.\d$/.test(written) || header.length !== 8) {
    throw new Error(`Unexpected PDF header "${written}"`);
  }
  for (let i = 0; i < header.length; i++) bytes[i] = header.charCodeAt(i);
  return bytes;
}
