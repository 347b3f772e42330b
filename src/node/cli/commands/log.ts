// log <issue>: the record (操作记录) of an issue, newest first, one line each. The issue is matched by
// its id and by its name in the line's params, so lines written before the issue was replaced (a new
// id) still show. Everything printed comes from people (titles, names, reasons): control characters
// are taken out so a line cannot move the cursor, clear the screen or fake another line.

import type { ActivityEntry } from '../../../shared/auth';
import { accountByLogin } from '../../auth/account-store';
import { activityEntryOf, type ActivityRow } from '../../record/activity-store';
import { CliInputError, CliUsageError, type CliContext } from '../context';
import { parseIssueName } from '../issue-name';
import type { Command } from './command';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 100_000;

/** C0 and C1 controls, DEL, and the bidirectional overrides and isolates that reorder what follows. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

export function printable(value: unknown): string {
  return String(value).replace(CONTROL, ' ').replace(/ {2,}/gu, ' ').trim();
}

function localTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return printable(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** What the line is about: the article's title, the round, the step, then the rest of its params. */
function detailsOf(e: ActivityEntry): string {
  const p = e.params;
  const parts: string[] = [];
  if (p['title'] != null && p['title'] !== '') parts.push(`《${printable(p['title'])}》`);
  if (p['round'] != null && p['round'] !== '') parts.push(printable(p['round']));
  if (p['step'] != null && p['step'] !== '') parts.push(printable(p['step']));
  for (const [k, v] of Object.entries(p)) {
    if (['issue', 'title', 'round', 'step'].includes(k) || v === null || v === '') continue;
    parts.push(`${printable(k)}=${printable(v)}`);
  }
  return parts.join(' ');
}

export function logLine(ctx: CliContext, e: ActivityEntry): string {
  const outcomeKey = `log.outcomes.${e.outcome}`;
  const cells = [
    localTime(e.at),
    printable(e.actorName) || '—',
    printable(e.action),
    ctx.t(outcomeKey) === outcomeKey ? printable(e.outcome) : ctx.t(outcomeKey),
    detailsOf(e),
  ].filter((c) => c !== '');
  const note = printable(e.note);
  return cells.join('  ') + (note ? `  ${ctx.t('log.note', { note })}` : '');
}

export const logCommand: Command = {
  name: 'log',
  options: ['person', 'action', 'limit'],
  minArgs: 1,
  maxArgs: 1,
  run(ctx, args) {
    const issueName = args.positionals[0]!;
    const { year, number } = parseIssueName(issueName);
    const limitText = args.options.limit;
    const limit = limitText === undefined ? DEFAULT_LIMIT : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new CliUsageError('badNumber', { option: '--limit', value: limitText ?? '' });
    const db = ctx.library().db;
    const issue = db.prepare('SELECT id FROM issue WHERE year = ? AND number = ?').get(year, number) as { id: number } | undefined;
    const name = `${year}-${number}`;
    let accountId: number | null = null;
    if (args.options.person !== undefined) {
      const row = accountByLogin(db, args.options.person.trim().toLowerCase());
      if (!row) throw new CliInputError('users.unknownLogin', { login: args.options.person });
      accountId = row.id;
    }
    const rows = db
      .prepare(
        `SELECT * FROM activity
         WHERE (issue_id = @issueId OR json_extract(params, '$.issue') = @name)
           AND (@accountId IS NULL OR account_id = @accountId)
           AND (@action IS NULL OR action = @action)
         ORDER BY id DESC LIMIT @limit`,
      )
      .all({ issueId: issue?.id ?? null, name, accountId, action: args.options.action ?? null, limit }) as ActivityRow[];
    if (!issue && rows.length === 0) throw new CliInputError('issueNotFound', { value: issueName });
    if (rows.length === 0) {
      ctx.io.out(ctx.t('log.empty', { issue: name }));
      return;
    }
    ctx.io.out(ctx.t('log.heading', { issue: name, count: rows.length }));
    for (const r of rows) ctx.io.out(logLine(ctx, activityEntryOf(r)));
  },
};
