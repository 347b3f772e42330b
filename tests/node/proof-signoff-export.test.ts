import fs from 'node:fs';
import { inflateSync } from 'node:zlib';
import { PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultExportEngine } from '../../src/node/export/default-engine';
import { exportLogOf } from '../../src/node/export/export-log';
import { runExport } from '../../src/node/export/pipeline';
import type { Library } from '../../src/node/library/open-library';
import { createProofService } from '../../src/node/services/proof-service';
import { stepsOfRound, type Actor, type SignOffStep } from '../../src/shared/auth';
import { addPerson, contextAs } from '../support/people';
import { fillPlaceholders, openSampleLibrary, removeTempDirs } from './helpers';

let editor: Actor;
let proofreader: Actor;
let director: Actor;
let chief: Actor;
let signer: Record<SignOffStep, Actor>;

let lib: Library;
let proof: ReturnType<typeof createProofService>;
const issueId = 1;
const as = (actor: Actor) => contextAs(lib, actor);
const sign = (roundId: number, step: SignOffStep) => proof.signRound({ roundId, step, password: 'checked by dispatch' }, as(signer[step]));

beforeEach(async () => {
  lib = openSampleLibrary();
  // The sign-off is what these tests are about: the sample's photos arrive first (a placeholder is an error for print).
  await fillPlaceholders(lib, 1);
  proof = createProofService(lib);
  editor = await addPerson(lib, '王编', ['责任编辑']);
  proofreader = await addPerson(lib, '李校', ['校对']);
  director = await addPerson(lib, '陈主任', ['编辑部主任']);
  chief = await addPerson(lib, '张主编', ['主编']);
  signer = { 责任校对: proofreader, 初审: editor, 复审: director, 终审: chief };
});
afterEach(() => {
  lib.close();
  removeTempDirs();
});

function xmpOf(bytes: Uint8Array): Promise<string> {
  return PDFDocument.load(bytes, { updateMetadata: false }).then((pdf) => {
    const stream = pdf.context.lookup(pdf.catalog.get(PDFName.of('Metadata')));
    if (!(stream instanceof PDFRawStream)) throw new Error('no XMP metadata stream');
    const filtered = stream.dict.get(PDFName.of('Filter')) !== undefined;
    return new TextDecoder().decode(filtered ? inflateSync(stream.contents) : stream.contents);
  });
}

const exportPrint = (overrideReason?: string) => runExport(lib, { issueId, kind: 'print', ...(overrideReason ? { overrideReason } : {}) }, defaultExportEngine);

describe('付印: the print export and the sign-off', () => {
  it('under 三审三校 (the sample publication) an issue never proofread is an error, overridable with a reason; otherwise a warning', async () => {
    const refused = await exportPrint();
    expect(refused.state).toBe('refused');
    expect(refused.preflight.errors.map((e) => [e.code, e.severity])).toEqual([['not_proofread', 'error']]);
    const overridden = await exportPrint('增刊急印，主编批准');
    expect(overridden.state).toBe('done');
    if (overridden.state === 'done') expect(overridden.log.overrideReason).toBe('付印 override: 增刊急印，主编批准');

    lib.db.prepare(`UPDATE publication SET settings = json_set(settings, '$.proofreading', 'none')`).run();
    const outcome = await exportPrint();
    expect(outcome.state).toBe('done');
    expect(outcome.preflight.errors).toEqual([]);
    expect(outcome.preflight.warnings.map((w) => [w.code, w.severity])).toContainEqual(['not_proofread', 'warning']);
  }, 120_000);

  it('refuses print until every round is closed and signed; an override is recorded in the log and the XMP history', async () => {
    const rounds = await proof.listRounds({ issueId });
    await proof.openRound({ roundId: rounds[0]!.id }, as(editor));
    const article = lib.db.prepare('SELECT id, revision FROM article ORDER BY id LIMIT 1').get() as { id: number; revision: number };
    await proof.proposeCorrection({ articleId: article.id, baseRevision: article.revision, blockIndex: 0, start: 0, end: 2, kind: 'query', proposed: '', note: '' }, as(proofreader));

    const refused = await exportPrint();
    expect(refused.state).toBe('refused');
    expect(refused.preflight.errors.map((e) => [e.code, e.params])).toEqual([
      ['signoff_open_corrections', { count: 1 }],
      ['signoff_round_unclosed', { round: '一校' }],
      ['signoff_round_unclosed', { round: '二校' }],
      ['signoff_round_unclosed', { round: '三校' }],
      ['signoff_round_unclosed', { round: '通读' }],
    ]);
    // Screen exports are proofs: never gated.
    expect((await runExport(lib, { issueId, kind: 'screen' }, defaultExportEngine)).state).toBe('done');

    const reason = '主编电话同意先行付印';
    const overridden = await exportPrint(reason);
    expect(overridden.state).toBe('done');
    if (overridden.state !== 'done') return;
    expect(exportLogOf(lib, issueId).find((l) => l.kind === 'print')).toMatchObject({ overrideReason: `付印 override: ${reason}`, preflightErrors: 5 });
    const xmp = await xmpOf(new Uint8Array(fs.readFileSync(overridden.file)));
    expect(xmp).toContain(`付印 override: ${reason}`);
    // The override stays: the log row can be neither changed nor removed.
    expect(() => lib.db.prepare('UPDATE export_log SET override_reason = NULL').run()).toThrow(/cannot be changed/);
    expect(() => lib.db.prepare('DELETE FROM export_log').run()).toThrow(/cannot be removed/);

    // Resolve, close and sign every round: then the print export goes through without an override.
    const [open] = await proof.listCorrections({ issueId, status: 'open' });
    await proof.acceptCorrection({ correctionId: open!.id }, as(editor));
    for (const [i, round] of rounds.entries()) {
      if (i > 0) await proof.openRound({ roundId: round.id }, as(editor));
      await proof.closeRound({ roundId: round.id }, as(editor));
      const isLast = i === rounds.length - 1;
      for (const step of stepsOfRound(isLast)) if (step !== '终审') await sign(round.id, step);
    }
    const last = await exportPrint();
    expect(last.state).toBe('refused');
    expect(last.preflight.errors.map((e) => [e.code, e.params])).toEqual([['signoff_missing', { round: '通读', roles: '终审' }]]);
    await sign(rounds[3]!.id, '终审');
    expect((await proof.getSignOffState({ issueId })).ready).toBe(true);
    const signed = await exportPrint();
    expect(signed.state).toBe('done');
    if (signed.state === 'done') expect(signed.log.overrideReason).toBeNull();

    // A change that bypasses the freeze (here straight into the store) no longer hashes to what the
    // 付印 covers: the export refuses, naming the article.
    const title = (JSON.parse((lib.db.prepare('SELECT title_lines FROM article WHERE id = ?').get(article.id) as { title_lines: string }).title_lines) as string[]).join('');
    lib.db.prepare(`UPDATE article SET notes = 'changed after 付印' WHERE id = ?`).run(article.id);
    const changed = await exportPrint();
    expect(changed.state).toBe('refused');
    const codes = changed.preflight.errors.map((e) => [e.code, e.params['articles'], e.target.articleId]);
    expect(codes).toContainEqual(['signoff_changed', `《${title}》`, article.id]);
    expect(codes.filter(([c]) => c === 'signoff_stale')).toHaveLength(3);
  }, 180_000);
});
