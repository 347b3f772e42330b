// The facts a PDF states about the issue (title, numbers, dates, serial, publisher, price), all read
// from the one issue record, so editing the price or the publisher once changes the colophon, the
// metadata and the preflight alike.

import type { Library } from '../library/open-library';
import { createLibraryService } from '../services/library-service';

export interface IssueFacts {
  publicationName: string;
  englishTitle: string;
  year: number;
  number: number;
  totalNumber: number;
  /** ISO yyyy-mm-dd. */
  coverDate: string;
  /** "2026年第1期". */
  coverDisplayDate: string;
  /** "北京人大 2026年第1期". */
  title: string;
  cnSerial: string;
  /** 编辑出版 from the colophon, else the publication's publisher. */
  publisher: string;
  /** 主管主办单位 from the colophon, else the publication's sponsor. */
  sponsor: string;
  price: string | null;
}

export function issueFacts(lib: Library, issueId: number): IssueFacts {
  const service = createLibraryService(lib);
  const { issue, publication } = service.getIssueOutline({ issueId });
  let publisher = publication.publisher;
  let sponsor = publication.sponsor;
  let cnSerial = publication.cn;
  let price: string | null = publication.priceValue || null;
  try {
    const colophon = service.getColophon({ issueId });
    const row = (label: string) => colophon.organisation.find((r) => r.label.includes(label) && r.value.trim() !== '')?.value.trim();
    publisher = row('编辑出版') ?? publisher;
    sponsor = row('主管') ?? row('主办') ?? sponsor;
    cnSerial = row('连续出版物号') ?? cnSerial;
    price = colophon.price.value.trim() || null;
  } catch {
    // No colophon: the publication's own values stand (preflight reports the missing colophon).
  }
  const coverDisplayDate = `${issue.year}年第${issue.number}期`;
  return {
    publicationName: publication.title,
    englishTitle: publication.englishTitle,
    year: issue.year,
    number: issue.number,
    totalNumber: issue.totalNumber,
    coverDate: issue.publishDate,
    coverDisplayDate,
    title: `${publication.title} ${coverDisplayDate}`,
    cnSerial,
    publisher,
    sponsor,
    price,
  };
}

/** "2026-01": how export file names and the command line name an issue. */
export function issueSlug(facts: Pick<IssueFacts, 'year' | 'number'>): string {
  return `${facts.year}-${String(facts.number).padStart(2, '0')}`;
}
