import fs from 'node:fs';
import { inflateSync } from 'node:zlib';
import { PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultExportEngine } from '../../src/node/export/default-engine';
import { exportLogOf } from '../../src/node/export/export-log';
import { runExport } from '../../src/node/export/pipeline';
import type { Library } from '../../src/node/library/open-library';
import { createProofService } from '../../src/node/services/proof-service';
import type { Person, SignOffRole } from '../../src/shared/proof';
import { openSampleLibrary, removeTempDirs } from './helpers';

const editor: Person = { name: '王编', role: '编辑' };
const proofreader: Person = { name: '李校', role: '校对' };
const chief: Person = { name: '张主编', role: '主编' };
const signer: Record<SignOffRole, Person> = { 责任编辑: editor, 责任校对: proofreader, 主编: chief };

let lib: Library;
let proof: ReturnType<typeof createProofService>;
const issueId = 1;

beforeEach(() => {
  lib = openSampleLibrary();
  proof = createProofService(lib);
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
  it('an issue never put under proofreading prints, with a warning', async () => {
    const outcome = await exportPrint();
    expect(outcome.state).toBe('done');
    expect(outcome.preflight.warnings.map((w) => w.code)).toContain('not_proofread');
  }, 120_000);

  it('refuses print until every round is closed and signed; an override is recorded in the log and the XMP history', async () => {
    const rounds = await proof.listRounds({ issueId });
    await proof.openRound({ roundId: rounds[0]!.id, actor: editor });
    const article = lib.db.prepare('SELECT id, revision FROM article ORDER BY id LIMIT 1').get() as { id: number; revision: number };
    await proof.proposeCorrection({ articleId: article.id, baseRevision: article.revision, blockIndex: 0, start: 0, end: 2, kind: 'query', proposed: '', note: '', actor: proofreader });

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
    await proof.acceptCorrection({ correctionId: open!.id, actor: editor });
    for (const [i, round] of rounds.entries()) {
      if (i > 0) await proof.openRound({ roundId: round.id, actor: editor });
      await proof.closeRound({ roundId: round.id, actor: editor });
      const roles: SignOffRole[] = i === rounds.length - 1 ? ['责任编辑', '责任校对'] : ['责任编辑', '责任校对', '主编'];
      for (const role of roles) await proof.signRound({ roundId: round.id, role, name: signer[role].name, actor: signer[role] });
    }
    const last = await exportPrint();
    expect(last.state).toBe('refused');
    expect(last.preflight.errors.map((e) => [e.code, e.params])).toEqual([['signoff_missing', { round: '通读', roles: '主编' }]]);
    await proof.signRound({ roundId: rounds[3]!.id, role: '主编', name: chief.name, actor: chief });
    expect((await proof.getSignOffState({ issueId })).ready).toBe(true);
    const signed = await exportPrint();
    expect(signed.state).toBe('done');
    if (signed.state === 'done') expect(signed.log.overrideReason).toBeNull();
  }, 180_000);
});
