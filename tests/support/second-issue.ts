// The second test issue (tests/fixtures/second-issue/issue.json: 《北京人大》2026年第7期, assembled from
// the Chinese Debian Reference, see SOURCES.md there) imported into a fresh temporary
// library, through the same service call as 导入 in the app. The library also holds the sample issue it
// is seeded with; the second issue is a later issue of the same publication.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openLibrary, type Library } from '../../src/node/library/open-library';
import { importIssueJsonText } from '../../src/node/import/issue-json';

export const SECOND_ISSUE_FILE = path.resolve(__dirname, '../fixtures/second-issue/issue.json');

/** The fixture's JSON text, as a user would import it. */
export function secondIssueText(): string {
  return fs.readFileSync(SECOND_ISSUE_FILE, 'utf8');
}

/** The fixture as plain JSON, typed loosely on purpose (for comparisons and variants). */
export function secondIssueJson(): any {
  return JSON.parse(secondIssueText());
}

export interface SecondIssueLibrary {
  lib: Library;
  issueId: number;
  /** Data folder of the temporary library. */
  dir: string;
  /** Closes the library and removes its folder. */
  cleanup(): void;
}

/** Opens a temporary library and imports the second test issue into it; refusals are thrown as they come. */
export function openSecondIssueLibrary(json: string = secondIssueText()): SecondIssueLibrary {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qikan-second-issue-'));
  const lib = openLibrary({ dataDir: dir, resourcesDir: path.resolve(__dirname, '../../resources') });
  try {
    const { issueId } = importIssueJsonText(lib.db, json);
    return {
      lib,
      issueId,
      dir,
      cleanup() {
        lib.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    lib.close();
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
