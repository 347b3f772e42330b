import fs from 'node:fs';
import path from 'node:path';
import type { Command, ParsedArgs } from './command';
import { CliInputError, CliUsageError, type CliContext } from '../context';
import { findIssue, issueTitle } from '../issue-name';
import { preflightItemLine, preflightSummaryLine, warningCountsLine } from '../preflight-lines';
import { defaultExportEngine } from '../../export/default-engine';
import { runExport, type ExportStage } from '../../export/pipeline';
import { findRound, runProofExport, serviceProofRecords, type ProofStage } from '../../proof-export/run-proof-export';
import type { PdfStandard } from '../../../shared/print';
import { oversetCount } from '../../../engine/report';
import { recordCli } from '../record';

const STANDARDS: readonly PdfStandard[] = ['x1a', 'x4'];

/** The --out file, refused when it names a folder or lies in one that does not exist. */
function checkedOutPath(args: ParsedArgs): string | undefined {
  const outPath = args.options.out === undefined ? undefined : path.resolve(args.options.out);
  if (outPath && fs.existsSync(outPath) && fs.statSync(outPath).isDirectory()) throw new CliInputError('outIsDirectory', { file: outPath });
  if (outPath && !fs.existsSync(path.dirname(outPath))) throw new CliInputError('outFolderMissing', { folder: path.dirname(outPath) });
  return outPath;
}

/** export <issue> --proof <round>: the round's proof PDF (校样), named by the round's name or number. */
async function exportProof(ctx: CliContext, args: ParsedArgs, roundName: string): Promise<void> {
  const printOnly = ['standard', 'override'].find((o) => args.options[o] !== undefined) ?? ['screen', 'no-marks'].find((f) => args.flags[f]);
  if (printOnly) throw new CliUsageError('proofOnlyOption', { option: `--${printOnly}` });
  const outPath = checkedOutPath(args);
  const issue = findIssue(ctx.service().listIssues({}), args.positionals[0]!);
  const lib = ctx.library();
  const rounds = await serviceProofRecords.rounds(lib, issue.id);
  const round = findRound(rounds, roundName);
  if (!round) throw new CliInputError('roundNotFound', { value: roundName, rounds: rounds.map((r) => r.name).join('、'), count: rounds.length });
  ctx.io.out(ctx.t('exportStartProof', { issue: issueTitle(ctx.t, issue), round: round.name }));
  let shownStage: ProofStage | null = null;
  const outcome = await runProofExport(lib, { issueId: issue.id, roundId: round.id, ...(outPath ? { outPath } : {}) }, serviceProofRecords, (stage, progress) => {
    if (stage === shownStage) return;
    shownStage = stage;
    ctx.io.out(ctx.t('exportStage', { percent: Math.round(progress * 100), stage: ctx.t(`proofStages.${stage}`) }));
  });
  recordCli(lib.db, {
    action: 'cli:export',
    issueId: issue.id,
    roundId: round.id,
    params: { kind: 'proof', file: path.basename(outcome.file), pages: outcome.pages },
  });
  ctx.io.out(
    ctx.t('proofDone', {
      file: outcome.file,
      pages: outcome.pages,
      marked: outcome.sheet.placed.length,
      unplaced: outcome.sheet.unplaced.length,
      megabytes: megabytes(outcome.bytes),
      seconds: (outcome.ms / 1000).toFixed(1),
    }),
  );
}

function megabytes(bytes: number): string {
  return (bytes / 1_000_000).toFixed(1);
}

/** The same pipeline as the API's export jobs, with progress and the preflight summary on stdout. */
export const exportCommand: Command = {
  name: 'export',
  flags: ['no-marks', 'screen'],
  options: ['out', 'standard', 'override', 'proof'],
  minArgs: 1,
  maxArgs: 1,
  async run(ctx, args) {
    if (args.options.proof !== undefined) return exportProof(ctx, args, args.options.proof);
    const kind = args.flags.screen ? 'screen' : 'print';
    const standardOption = args.options.standard;
    if (standardOption !== undefined && !(STANDARDS as readonly string[]).includes(standardOption)) {
      throw new CliUsageError('badStandard', { value: standardOption });
    }
    if (kind === 'screen') {
      const printOnly = ['standard', 'override'].find((o) => args.options[o] !== undefined) ?? (args.flags['no-marks'] ? 'no-marks' : undefined);
      if (printOnly) throw new CliUsageError('printOnlyOption', { option: `--${printOnly}` });
    }
    const outPath = checkedOutPath(args);

    const issue = findIssue(ctx.service().listIssues({}), args.positionals[0]!);
    const standard = (standardOption ?? 'x1a') as PdfStandard;
    const marks = !args.flags['no-marks'];
    ctx.io.out(
      ctx.t(kind === 'print' ? 'exportStartPrint' : 'exportStartScreen', {
        issue: issueTitle(ctx.t, issue),
        standard: ctx.t(`standards.${standard}`),
        marks: ctx.t(marks ? 'withMarks' : 'withoutMarks'),
      }),
    );
    let shownStage: ExportStage | null = null;
    const outcome = await runExport(
      ctx.library(),
      { issueId: issue.id, kind, standard, marks, ...(args.options.override ? { overrideReason: args.options.override } : {}), ...(outPath ? { outPath } : {}) },
      defaultExportEngine,
      (stage, progress) => {
        if (stage === shownStage) return;
        shownStage = stage;
        ctx.io.out(ctx.t('exportStage', { percent: Math.round(progress * 100), stage: ctx.t(`exportStages.${stage}`) }));
      },
    );
    const result = outcome.preflight;
    const c = outcome.composition;
    ctx.io.out(
      ctx.t('compositionReport', {
        lines: c.linesSet,
        prohibited: c.prohibitedLineStarts.length + c.prohibitedLineEnds.length,
        loose: c.overStretchedLines.length,
        lonely: c.singleCharacterLastLines.length,
        overset: oversetCount(c),
        missing: c.missingGlyphs.length,
      }),
    );
    ctx.io.out(preflightSummaryLine(ctx.t, result));
    const counts = warningCountsLine(ctx.t, result);
    if (counts) ctx.io.out(`  ${counts}`);
    if (outcome.state === 'refused') {
      for (const item of result.errors) ctx.io.err(preflightItemLine(ctx.t, item));
      throw new CliInputError('exportRefused', { errors: result.errors.length });
    }
    recordCli(ctx.library().db, {
      action: 'cli:export',
      issueId: issue.id,
      params: {
        kind,
        ...(kind === 'print' ? { standard, marks } : {}),
        file: path.basename(outcome.file),
        pages: outcome.pages,
        errors: result.errors.length,
        warnings: result.warnings.length,
        ...(outcome.log.overrideReason ? { overridden: true } : {}),
      },
      ...(outcome.log.overrideReason ? { note: outcome.log.overrideReason } : {}),
    });
    for (const item of result.errors) ctx.io.out(`  ${preflightItemLine(ctx.t, item)}`);
    if (outcome.log.overrideReason) ctx.io.out(ctx.t('exportOverridden', { errors: result.errors.length, reason: outcome.log.overrideReason }));
    ctx.io.out(ctx.t('exportDone', { file: outcome.file, pages: outcome.pages, megabytes: megabytes(outcome.bytes), seconds: (outcome.ms / 1000).toFixed(1) }));
  },
};
