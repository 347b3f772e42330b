// Memory that comes back: the layout caches of a long-running server are bounded, whatever number of
// issues people open, and say what they hold.
import { afterEach, describe, expect, it } from 'vitest';
import { ParagraphCache } from '../../src/engine/paragraph/compose';
import { createSyntheticFace } from '../../src/engine/fonts/synthetic-face';
import { DEFAULT_PARAGRAPH_SETTINGS } from '../../src/engine/paragraph/compose';
import { getIssueLayout, layoutCacheFigures } from '../../src/node/services/issue-layout';
import { exportJob, exportJobCount, FINISHED_JOBS_KEPT, startFileJob } from '../../src/node/export/jobs';
import { openSampleLibrary, removeTempDirs, sampleJson } from './helpers';
import { importIssueJsonText } from '../../src/node/import/issue-json';

afterEach(removeTempDirs);

describe('layout caches are bounded', () => {
  it('keeps the results of the last three issues laid out, two each', () => {
    const lib = openSampleLibrary();
    try {
      const ids: number[] = [];
      for (let n = 2; n <= 5; n++) {
        const json = sampleJson();
        json.masthead.issueNumber = n;
        // A short issue is enough here: one section of two articles.
        json.sections = json.sections.slice(1, 2).map((s: any) => ({ ...s, articles: s.articles.slice(0, 2) }));
        ids.push(importIssueJsonText(lib.db, JSON.stringify(json)).issueId);
      }
      for (const id of ids) getIssueLayout(lib, id);
      const figures = layoutCacheFigures(lib);
      expect(figures.issues).toBe(3);
      expect(figures.results).toBeLessThanOrEqual(6);
      expect(figures.storedArticles).toBeGreaterThan(0);
      expect(figures.paragraphs).toBeGreaterThan(0);
      // The most recent ones are kept: laying out the last again is a cache hit (the same object).
      const last = getIssueLayout(lib, ids[3]!);
      expect(getIssueLayout(lib, ids[3]!)).toBe(last);
    } finally {
      lib.close();
    }
  });

  it('a paragraph cache never holds more than its bound', () => {
    const cache = new ParagraphCache(10);
    const face = createSyntheticFace();
    for (let k = 0; k < 35; k++) cache.compose(`第${k}段文字。`, face, DEFAULT_PARAGRAPH_SETTINGS, 20);
    expect(cache.size).toBeLessThanOrEqual(10);
    expect(cache.size).toBeGreaterThan(0);
  });

  it('a full paragraph cache gives up the paragraphs used longest ago, not the ones in use', () => {
    const cache = new ParagraphCache(10);
    const face = createSyntheticFace();
    const compose = (t: string) => cache.compose(t, face, DEFAULT_PARAGRAPH_SETTINGS, 20);
    const kept = compose('常用的段落。');
    const first = compose('第一段。');
    for (let k = 0; k < 40; k++) {
      compose(`第${k}段文字。`);
      // Used again every few paragraphs: it stays however many others come and go.
      if (k % 4 === 0) expect(compose('常用的段落。')).toBe(kept);
    }
    expect(compose('常用的段落。')).toBe(kept);
    const misses = cache.misses;
    expect(compose('第一段。')).not.toBe(first);
    expect(cache.misses).toBe(misses + 1);
    expect(cache.size).toBeLessThanOrEqual(10);
  });

  it('keeps the newest finished export jobs and every running one', async () => {
    const lib = openSampleLibrary();
    try {
      let release!: () => void;
      const hold = new Promise<void>((r) => (release = r));
      // One job that runs until the others are done, then many that fail at once.
      const running = startFileJob(lib, 1, 'write', async () => {
        await hold;
        throw new Error('stopped');
      });
      const quick = Array.from({ length: FINISHED_JOBS_KEPT + 20 }, () =>
        startFileJob(lib, 1, 'write', async () => {
          throw new Error('refused at once');
        }),
      );
      await new Promise((r) => setTimeout(r, 50));
      startFileJob(lib, 1, 'write', async () => {
        throw new Error('one more');
      });
      expect(exportJobCount(lib)).toBeLessThanOrEqual(FINISHED_JOBS_KEPT + 2);
      expect(exportJob(lib, running.jobId).state).toBe('running');
      expect(exportJob(lib, quick[quick.length - 1]!.jobId).state).toBe('failed');
      release();
    } finally {
      await new Promise((r) => setTimeout(r, 20));
      lib.close();
    }
  });
});
