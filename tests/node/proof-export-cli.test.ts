import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/node/cli/run';
import { exportLogOf } from '../../src/node/export/export-log';
import { openLibrary } from '../../src/node/library/open-library';
import { createLibraryService } from '../../src/node/services/library-service';
import { createProofService } from '../../src/node/services/proof-service';
import { blockTexts } from '../../src/shared/proof/anchor';
import { extractPageTexts } from '../pdf/support/read-pdf';
import { addPerson, contextAs } from '../support/people';
import { RESOURCES_DIR, removeTempDirs, tempDir } from './helpers';

async function cli(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, { QIKAN_LANG: 'en' });
  return { code, out, err };
}

describe('command line: export --proof', () => {
  let dataDir: string;
  let outDir: string;

  beforeEach(async () => {
    dataDir = tempDir('qikan-cli-proof-');
    outDir = tempDir('qikan-cli-proof-out-');
    const lib = openLibrary({ dataDir, resourcesDir: RESOURCES_DIR });
    try {
      // 一校 opened, one correction proposed in a long paragraph of the second article.
      const library = createLibraryService(lib);
      const proof = createProofService(lib);
      const issueId = library.listIssues({})[0]!.id;
      const articleId = library.getIssueOutline({ issueId }).sections.flatMap((s) => s.articles)[1]!.id;
      const article = library.getArticle({ articleId });
      const blockIndex = blockTexts(article.body).findIndex((t) => t.length > 20);
      const [first] = await proof.listRounds({ issueId });
      const editor = await addPerson(lib, '王编', ['责任编辑']);
      const proofreader = await addPerson(lib, '李校', ['校对']);
      await proof.openRound({ roundId: first!.id }, contextAs(lib, editor));
      await proof.proposeCorrection(
        { articleId, baseRevision: article.revision, blockIndex, start: 3, end: 5, kind: 'replace', proposed: '命令行改', note: '' },
        contextAs(lib, proofreader),
      );
    } finally {
      lib.close();
    }
  });
  afterEach(() => removeTempDirs());

  it('writes the named round’s proof to --out, with the watermark and the open correction, and logs it', async () => {
    const out = path.join(outDir, 'proof.pdf');
    const run = await cli('--data', dataDir, 'export', '2026-1', '--proof', '一校', '--out', out);
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.out[0]).toBe('Exporting the 一校 proof of 2026 No. 1 (No. 313 overall)');
    expect(run.out.some((l) => l.includes('collecting corrections'))).toBe(true);
    expect(run.out[run.out.length - 1]).toMatch(new RegExp(`^Wrote ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \\d+ pages, 1 corrections marked, 0 not placed`));
    const pages = await extractPageTexts(new Uint8Array(fs.readFileSync(out)));
    for (const text of pages) expect(text).toContain('一校样');
    expect(pages.join('')).toContain('命令行改');
    const lib = openLibrary({ dataDir, resourcesDir: RESOURCES_DIR });
    try {
      expect(exportLogOf(lib, 1).map((l) => [l.kind, l.file])).toEqual([['proof', out]]);
    } finally {
      lib.close();
    }
  }, 120_000);

  it('takes a round by its number', async () => {
    const out = path.join(outDir, 'second.pdf');
    const run = await cli('--data', dataDir, 'export', '2026-1', '--proof', '2', '--out', out);
    expect(run.code).toBe(0);
    const pages = await extractPageTexts(new Uint8Array(fs.readFileSync(out)));
    expect(pages[0]).toContain('二校样');
    // The 一校 correction is still open, so the 二校 proof shows it too.
    expect(pages.join('')).toContain('命令行改');
  }, 120_000);

  it('refuses an unknown round with one line and exit 1, and print options with --proof', async () => {
    const unknown = await cli('--data', dataDir, 'export', '2026-1', '--proof', '五校');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toEqual(['Error: The issue has no round "五校"; its rounds: 一校、二校、三校、通读 (or their numbers 1–4).']);
    expect((await cli('--data', dataDir, 'export', '2026-1', '--proof', '9')).code).toBe(1);
    const mixed = await cli('--data', dataDir, 'export', '2026-1', '--proof', '一校', '--screen');
    expect(mixed.code).not.toBe(0);
    expect(mixed.err.join('\n')).toContain('--screen does not apply to a proof');
    expect(fs.readdirSync(outDir)).toEqual([]);
  });
});
