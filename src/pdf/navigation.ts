// Page labels (the printed folios and 封一…封四 as the viewer's page numbers) and the outline
// (bookmarks: one entry per 栏目 with its articles). Outline entries use /Dest, not actions,
// so they are allowed in PDF/X too.
// Pure.

import { PDFHexString, PDFName, PDFNull, type PDFContext, type PDFDict, type PDFRef } from 'pdf-lib';
import type { Bookmark } from '../engine/issue/types';
import { PdfWriteError } from './errors';

/** /PageLabels as a number tree with one /P prefix per page: labels are arbitrary strings ("封一", "01"). */
export function pageLabelsDict(context: PDFContext, labels: readonly string[], pageCount: number): PDFDict {
  if (labels.length !== pageCount) {
    throw new PdfWriteError(
      'page_labels_mismatch',
      `${labels.length} page labels were given for ${pageCount} pages`,
      { reason: `${labels.length}/${pageCount}` },
    );
  }
  const nums: unknown[] = [];
  labels.forEach((label, index) => {
    nums.push(index, context.obj({ P: PDFHexString.fromText(label) }));
  });
  return context.obj({ Nums: context.obj(nums as never) });
}

function countOpen(bookmarks: readonly Bookmark[]): number {
  return bookmarks.reduce((sum, bookmark) => sum + 1 + countOpen(bookmark.children), 0);
}

/** Registers the outline tree and returns the /Outlines dictionary's reference (null when empty). */
export function buildOutline(context: PDFContext, bookmarks: readonly Bookmark[], pageRefs: readonly PDFRef[]): PDFRef | null {
  if (bookmarks.length === 0) return null;
  const rootRef = context.nextRef();
  const writeLevel = (items: readonly Bookmark[], parentRef: PDFRef): { first: PDFRef; last: PDFRef } => {
    const refs = items.map(() => context.nextRef());
    items.forEach((bookmark, index) => {
      const pageRef = pageRefs[bookmark.pageIndex];
      if (!pageRef) {
        throw new PdfWriteError('page_labels_mismatch', `Bookmark "${bookmark.title}" points at page ${bookmark.pageIndex + 1}, which does not exist`, {
          reason: 'bookmark_page',
        });
      }
      const entry = context.obj({
        Title: PDFHexString.fromText(bookmark.title),
        Parent: parentRef,
        Dest: context.obj([pageRef, PDFName.of('XYZ'), PDFNull, PDFNull, PDFNull]),
      });
      if (index > 0) entry.set(PDFName.of('Prev'), refs[index - 1]!);
      if (index < items.length - 1) entry.set(PDFName.of('Next'), refs[index + 1]!);
      if (bookmark.children.length > 0) {
        const children = writeLevel(bookmark.children, refs[index]!);
        entry.set(PDFName.of('First'), children.first);
        entry.set(PDFName.of('Last'), children.last);
        entry.set(PDFName.of('Count'), context.obj(countOpen(bookmark.children)));
      }
      context.assign(refs[index]!, entry);
    });
    return { first: refs[0]!, last: refs[refs.length - 1]! };
  };
  const top = writeLevel(bookmarks, rootRef);
  context.assign(
    rootRef,
    context.obj({ Type: 'Outlines', First: top.first, Last: top.last, Count: countOpen(bookmarks) }),
  );
  return rootRef;
}
