// Document metadata: the Info dictionary and the XMP packet are both written from ONE resolved
// record, so title, dates, Trapped, the CN serial and the issue fields can never disagree
// (preflight tools compare them; print-pdf.md §1, pitfall 7).
//
// The CN serial has no PRISM property, so it goes into dc:identifier, the Info key /CNSerial
// (mirrored as pdfx:CNSerial, as Acrobat mirrors custom Info keys) and the project's own XMP
// namespace below. The namespace is a URN under the project's name, which nobody else can mint:
// it never needs a web server and never changes with a domain.
// Pure.

import { PDFHexString, PDFName, PDFString, type PDFDict, type PDFDocument } from 'pdf-lib';
import { md5Hex, uuidFromHex } from './md5';
import { PdfWriteError } from './errors';

/** XMP namespace owned by Qikan Studio for periodical facts PRISM has no property for. */
export const QIKAN_XMP_NAMESPACE = 'urn:qikan-studio:ns:periodical:1.0#';
export const DEFAULT_CREATOR_TOOL = 'Qikan Studio';
export const DEFAULT_PRODUCER = 'Qikan Studio';

/** The printed issue a PDF carries (PRISM issue fields). */
export interface PeriodicalIssue {
  /** 刊名, e.g. "北京人大". */
  publicationName: string;
  year: number;
  /** 期 within the year. */
  number: number;
  /** 总第N期. */
  totalNumber?: number;
  /** ISO yyyy-mm-dd (prism:coverDate). */
  coverDate: string;
  /** As printed, default "2026年第1期". */
  coverDisplayDate?: string;
  issn?: string;
}

/** One xmpMM:History event (stEvt). Sign-off and preflight overrides are recorded this way. */
export interface PdfHistoryEntry {
  /** stEvt:action (an open choice: "produced", "preflight-override", "signed-off", …). */
  action: string;
  when: Date;
  softwareAgent?: string;
  /** Free text describing the event, e.g. the override reason. */
  parameters?: string;
  instanceId?: string;
}

export interface PdfMetadata {
  /** Default: "<publicationName> <coverDisplayDate>" when an issue is given. */
  title?: string;
  /** Default: the publisher. */
  author?: string;
  /** Default: built from the issue ("北京人大 2026年第1期（总第313期） CN 11-4553/D"). */
  subject?: string;
  /** Default: publication name, CN serial, cover display date, 总第N期. */
  keywords?: string[];
  /** The application that made the content (xmp:CreatorTool). Default "Qikan Studio". */
  creator?: string;
  producer?: string;
  /** BCP 47 language of the text, written as the catalog's /Lang and dc:language. */
  language?: string;
  /** The serial number, "CN 11-4553/D". */
  cnSerial?: string;
  /** 编辑出版 (dc:publisher). */
  publisher?: string;
  issue?: PeriodicalIssue;
  /** Stable identity of the document across exports (hashed into xmpMM:DocumentID and the first
   *  trailer /ID); default: derived from the CN serial and the issue, else the title. */
  documentKey?: string;
  /** xmpMM:VersionID; default "1". */
  versionId?: string;
  /** Earlier events to keep (sign-offs, overrides); this export's own event is appended. */
  history?: PdfHistoryEntry[];
}

export type PdfxStandard = 'x1a' | 'x4';
export type PdfOutputKind = 'plain' | 'print' | 'screen';

export interface ResolvedMetadata {
  title?: string;
  author?: string;
  subject?: string;
  keywords: string[];
  creatorTool: string;
  producer: string;
  language?: string;
  cnSerial?: string;
  publisher?: string;
  issue?: Required<Pick<PeriodicalIssue, 'publicationName' | 'year' | 'number' | 'coverDate' | 'coverDisplayDate'>> &
    Pick<PeriodicalIssue, 'totalNumber' | 'issn'> & { issueIdentifier: string };
  date: Date;
  documentId: string;
  instanceId: string;
  /** The two trailer /ID strings (hex): permanent, then this instance. */
  trailerId: [string, string];
  versionId: string;
  renditionClass: string;
  trapped: 'False';
  pdfx?: { version: 'PDF/X-1:2001' | 'PDF/X-4'; conformance?: 'PDF/X-1a:2001' };
  kind: PdfOutputKind;
  history: PdfHistoryEntry[];
}

/** The event to record when an export goes ahead although preflight found errors. */
export function preflightOverrideEvent(reason: string, when: Date): PdfHistoryEntry {
  return { action: 'preflight-override', when, softwareAgent: DEFAULT_CREATOR_TOOL, parameters: reason };
}

export function standardLabel(standard: PdfxStandard): string {
  return standard === 'x1a' ? 'PDF/X-1a:2001' : 'PDF/X-4';
}

export function resolveMetadata(
  metadata: PdfMetadata,
  context: { kind: PdfOutputKind; standard?: PdfxStandard; date: Date; pages: number; marks?: boolean },
): ResolvedMetadata {
  const issueInput = metadata.issue;
  const issue = issueInput
    ? {
        publicationName: issueInput.publicationName,
        year: issueInput.year,
        number: issueInput.number,
        totalNumber: issueInput.totalNumber,
        coverDate: issueInput.coverDate,
        coverDisplayDate: issueInput.coverDisplayDate ?? `${issueInput.year}年第${issueInput.number}期`,
        issn: issueInput.issn,
        issueIdentifier: `${metadata.cnSerial ?? issueInput.publicationName} ${issueInput.year}-${String(issueInput.number).padStart(2, '0')}`,
      }
    : undefined;
  if (issue && !/^\d{4}-\d{2}-\d{2}$/.test(issue.coverDate)) {
    throw new PdfWriteError('metadata_invalid', `The cover date must be yyyy-mm-dd, got "${issue.coverDate}"`, {
      reason: 'cover_date',
    });
  }
  const title = metadata.title ?? (issue ? `${issue.publicationName} ${issue.coverDisplayDate}` : undefined);
  if (context.kind === 'print' && !title) {
    throw new PdfWriteError('metadata_invalid', 'A print PDF (PDF/X) needs a title: give metadata.title or metadata.issue', {
      reason: 'title',
    });
  }
  const totalLabel = issue?.totalNumber !== undefined ? `总第${issue.totalNumber}期` : undefined;
  const subject =
    metadata.subject ??
    (issue
      ? [`${issue.publicationName} ${issue.coverDisplayDate}${totalLabel ? `（${totalLabel}）` : ''}`, metadata.cnSerial]
          .filter(Boolean)
          .join(' ')
      : undefined);
  const keywords =
    metadata.keywords ??
    (issue
      ? [issue.publicationName, metadata.cnSerial, issue.coverDisplayDate, totalLabel].filter((k): k is string => Boolean(k))
      : metadata.cnSerial
        ? [metadata.cnSerial]
        : []);

  const documentKey =
    metadata.documentKey ??
    (issue ? `${metadata.cnSerial ?? issue.publicationName}|${issue.year}|${issue.number}` : (title ?? 'untitled'));
  const documentHex = md5Hex(`qikan-document|${documentKey}`);
  const pdfx =
    context.kind === 'print'
      ? context.standard === 'x4'
        ? ({ version: 'PDF/X-4' } as const)
        : ({ version: 'PDF/X-1:2001', conformance: 'PDF/X-1a:2001' } as const)
      : undefined;
  const exportDescription =
    context.kind === 'print'
      ? `print ${standardLabel(context.standard ?? 'x1a')}${context.marks === false ? ', no marks' : ', marks'}`
      : context.kind;
  const instanceHex = md5Hex(
    `qikan-instance|${documentHex}|${context.date.toISOString()}|${exportDescription}|${context.pages}|${metadata.versionId ?? '1'}`,
  );
  const instanceId = uuidFromHex(instanceHex);
  const creatorTool = metadata.creator ?? DEFAULT_CREATOR_TOOL;
  return {
    title,
    author: metadata.author ?? metadata.publisher,
    subject,
    keywords,
    creatorTool,
    producer: metadata.producer ?? DEFAULT_PRODUCER,
    language: metadata.language,
    cnSerial: metadata.cnSerial,
    publisher: metadata.publisher,
    issue,
    date: context.date,
    documentId: uuidFromHex(documentHex),
    instanceId,
    trailerId: [documentHex.toUpperCase(), instanceHex.toUpperCase()],
    versionId: metadata.versionId ?? '1',
    renditionClass: context.kind === 'screen' ? 'screen' : 'default',
    trapped: 'False',
    pdfx,
    kind: context.kind,
    history: [
      ...(metadata.history ?? []),
      { action: 'produced', when: context.date, softwareAgent: creatorTool, parameters: exportDescription, instanceId },
    ],
  };
}

/** A text string for Info: plain ASCII as a literal, anything else as UTF-16BE hex. */
function infoText(text: string): PDFString | PDFHexString {
  return /^[\x20-\x7e]*$/.test(text) ? PDFString.of(text.replace(/([\\()])/g, '\\$1')) : PDFHexString.fromText(text);
}

export function keywordsText(resolved: ResolvedMetadata): string {
  return resolved.keywords.join(', ');
}

/** Writes the Info dictionary; updateMetadata is off, so pdf-lib adds nothing of its own. */
export function writeInfoDictionary(pdf: PDFDocument, resolved: ResolvedMetadata): void {
  const info: PDFDict = pdf.context.obj({});
  pdf.context.trailerInfo.Info = pdf.context.register(info);
  const set = (key: string, value: string | undefined): void => {
    if (value !== undefined && value !== '') info.set(PDFName.of(key), infoText(value));
  };
  set('Title', resolved.title);
  set('Author', resolved.author);
  set('Subject', resolved.subject);
  set('Keywords', keywordsText(resolved));
  set('Creator', resolved.creatorTool);
  set('Producer', resolved.producer);
  info.set(PDFName.of('CreationDate'), PDFString.fromDate(resolved.date));
  info.set(PDFName.of('ModDate'), PDFString.fromDate(resolved.date));
  info.set(PDFName.of('Trapped'), PDFName.of(resolved.trapped));
  set('CNSerial', resolved.cnSerial);
  if (resolved.pdfx) {
    set('GTS_PDFXVersion', resolved.pdfx.version);
    set('GTS_PDFXConformance', resolved.pdfx.conformance);
  }
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** xmp:DateTime without milliseconds, the same instant as the Info date. */
export function xmpDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const XMP_NAMESPACES: Record<string, string> = {
  dc: 'http://purl.org/dc/elements/1.1/',
  xmp: 'http://ns.adobe.com/xap/1.0/',
  xmpMM: 'http://ns.adobe.com/xap/1.0/mm/',
  stEvt: 'http://ns.adobe.com/xap/1.0/sType/ResourceEvent#',
  pdf: 'http://ns.adobe.com/pdf/1.3/',
  pdfx: 'http://ns.adobe.com/pdfx/1.3/',
  pdfxid: 'http://www.npes.org/pdfx/ns/id/',
  prism: 'http://prismstandard.org/namespaces/basic/2.0/',
  qikan: QIKAN_XMP_NAMESPACE,
};

/** Room for in-place edits by other tools, as the XMP spec recommends. */
const XMP_PADDING = `${' '.repeat(99)}\n`.repeat(20);

/** The XMP packet (UTF-8 text), from the same record as the Info dictionary. */
export function buildXmpPacket(resolved: ResolvedMetadata): string {
  const lines: string[] = [];
  const simple = (property: string, value: string | number | undefined): void => {
    if (value !== undefined && value !== '') lines.push(`   <${property}>${escapeXml(String(value))}</${property}>`);
  };
  const container = (property: string, kind: 'Alt' | 'Seq' | 'Bag', values: string[], lang = false): void => {
    if (values.length === 0) return;
    const items = values.map((value) => `<rdf:li${lang ? ' xml:lang="x-default"' : ''}>${escapeXml(value)}</rdf:li>`).join('');
    lines.push(`   <${property}><rdf:${kind}>${items}</rdf:${kind}></${property}>`);
  };
  const date = xmpDate(resolved.date);

  simple('dc:format', 'application/pdf');
  if (resolved.title) container('dc:title', 'Alt', [resolved.title], true);
  if (resolved.author) container('dc:creator', 'Seq', [resolved.author]);
  if (resolved.subject) container('dc:description', 'Alt', [resolved.subject], true);
  container('dc:subject', 'Bag', resolved.keywords);
  if (resolved.publisher) container('dc:publisher', 'Bag', [resolved.publisher]);
  simple('dc:identifier', resolved.cnSerial);
  if (resolved.language) container('dc:language', 'Bag', [resolved.language]);

  simple('xmp:CreatorTool', resolved.creatorTool);
  simple('xmp:CreateDate', date);
  simple('xmp:ModifyDate', date);
  simple('xmp:MetadataDate', date);

  simple('xmpMM:DocumentID', resolved.documentId);
  simple('xmpMM:InstanceID', resolved.instanceId);
  simple('xmpMM:VersionID', resolved.versionId);
  simple('xmpMM:RenditionClass', resolved.renditionClass);
  if (resolved.history.length > 0) {
    lines.push('   <xmpMM:History><rdf:Seq>');
    for (const event of resolved.history) {
      const fields = [
        `<stEvt:action>${escapeXml(event.action)}</stEvt:action>`,
        `<stEvt:when>${xmpDate(event.when)}</stEvt:when>`,
        event.softwareAgent ? `<stEvt:softwareAgent>${escapeXml(event.softwareAgent)}</stEvt:softwareAgent>` : '',
        event.parameters ? `<stEvt:parameters>${escapeXml(event.parameters)}</stEvt:parameters>` : '',
        event.instanceId ? `<stEvt:instanceID>${escapeXml(event.instanceId)}</stEvt:instanceID>` : '',
      ];
      lines.push(`    <rdf:li rdf:parseType="Resource">${fields.join('')}</rdf:li>`);
    }
    lines.push('   </rdf:Seq></xmpMM:History>');
  }

  simple('pdf:Producer', resolved.producer);
  simple('pdf:Keywords', keywordsText(resolved));
  simple('pdf:Trapped', resolved.trapped);
  if (resolved.pdfx?.version === 'PDF/X-4') {
    simple('pdfxid:GTS_PDFXVersion', resolved.pdfx.version);
  } else if (resolved.pdfx) {
    simple('pdfx:GTS_PDFXVersion', resolved.pdfx.version);
    simple('pdfx:GTS_PDFXConformance', resolved.pdfx.conformance);
  }
  simple('pdfx:CNSerial', resolved.cnSerial);

  const issue = resolved.issue;
  if (issue) {
    simple('prism:publicationName', issue.publicationName);
    simple('prism:issn', issue.issn);
    simple('prism:number', issue.number);
    simple('prism:coverDate', issue.coverDate);
    simple('prism:coverDisplayDate', issue.coverDisplayDate);
    simple('prism:aggregationType', 'magazine');
    simple('prism:issueIdentifier', issue.issueIdentifier);
    simple('qikan:issueYear', issue.year);
    simple('qikan:issueNumber', issue.number);
    simple('qikan:totalNumber', issue.totalNumber);
  }
  simple('qikan:cnSerial', resolved.cnSerial);
  simple('qikan:exportKind', resolved.kind);

  const namespaces = Object.entries(XMP_NAMESPACES)
    .map(([prefix, uri]) => `    xmlns:${prefix}="${uri}"`)
    .join('\n');
  return [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    `  <rdf:Description rdf:about=""\n${namespaces}>`,
    ...lines,
    '  </rdf:Description>',
    ' </rdf:RDF>',
    '</x:xmpmeta>',
    XMP_PADDING + '<?xpacket end="w"?>',
  ].join('\n');
}
