import type { Command } from './command';
import { CliInputError } from '../context';
import { findIssue, issueTitle } from '../issue-name';
import { preflightItemLine, preflightSummaryLine } from '../preflight-lines';
import { defaultExportEngine } from '../../export/default-engine';
import { preflight } from '../../preflight/run-preflight';
import { withSignOffItems } from '../../proof/sign-off-gate';

/** Lists every preflight item; exits 1 when there are errors, so scripts can gate on it. */
export const preflightCommand: Command = {
  name: 'preflight',
  flags: ['screen'],
  minArgs: 1,
  maxArgs: 1,
  async run(ctx, args) {
    const issue = findIssue(ctx.service().listIssues({}), args.positionals[0]!);
    const lib = ctx.library();
    const kind = args.flags.screen ? 'screen' : 'print';
    ctx.io.out(ctx.t('preflightHeading', { issue: issueTitle(ctx.t, issue), kind: ctx.t(`exportKinds.${kind}`) }));
    const layout = await defaultExportEngine.layoutIssue(lib, issue.id);
    // Print also lists what the 付印 sign-off lacks, as the export will refuse it.
    const { result } = withSignOffItems(lib.db, issue.id, kind, preflight(lib, issue.id, kind, layout, defaultExportEngine.fonts(lib)));
    for (const item of [...result.errors, ...result.warnings]) ctx.io.out(`  ${preflightItemLine(ctx.t, item)}`);
    ctx.io.out(preflightSummaryLine(ctx.t, result));
    if (result.errors.length > 0) throw new CliInputError('preflightFailed', { errors: result.errors.length });
  },
};
