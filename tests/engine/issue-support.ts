// The sample issue as whole-issue input, read from a fresh library (seeded with the sample) through
// the same service the app uses; the real Noto fonts, parsed once per test file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadFontRegistry } from '../../src/node/fonts/default-fonts';
import { openLibrary, type Library } from '../../src/node/library/open-library';
import { issueLayoutInput } from '../../src/node/services/issue-layout';
import type { FontRegistry } from '../../src/engine/fonts/registry';
import type { IssueLayoutInput } from '../../src/engine/issue/types';
import type { DisplayPage, LineBox } from '../../src/engine/display-list';

export function openSampleLibrary(): { lib: Library; dir: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qikan-issue-'));
  const lib = openLibrary({ dataDir: dir });
  return {
    lib,
    dir,
    cleanup() {
      lib.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function sampleIssueInput(): { input: IssueLayoutInput; fonts: FontRegistry } {
  const { lib, cleanup } = openSampleLibrary();
  try {
    return { input: issueLayoutInput(lib, 1), fonts: loadFontRegistry().registry };
  } finally {
    cleanup();
  }
}

export const strip = (s: string): string => s.replace(/\s+/gu, '');

/** Lines of a page in reading order (top to bottom, then left to right). */
export function readingOrder(lines: readonly LineBox[]): LineBox[] {
  return [...lines].sort((a, b) => a.y - b.y || a.x - b.x);
}

export function pageText(page: DisplayPage): string {
  return page.lines.map((l) => l.text).join('\n');
}
