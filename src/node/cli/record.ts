// The command line's lines in the record (操作记录). The command line has no session: it runs as the
// person logged in to the machine, so its lines name no account and carry the operating-system user
// in one stable form, 命令行（<user>）, with origin 'cli'. Every command that changes data writes its
// line here; a synchronous change and its line commit in one transaction.

import os from 'node:os';
import type Database from 'better-sqlite3';
import { QikanError } from '../../shared/errors';
import { isFrozen } from '../proof/freeze';
import { recordActivity } from '../record/activity-store';
import { scopeOf } from '../record/scope';
import { writeTransaction } from '../library/transaction';

export const CLI_ORIGIN = 'cli';

/** The operating-system user running the command ('?' when the system will not say). */
export function osUserName(env: NodeJS.ProcessEnv = process.env): string {
  try {
    const name = os.userInfo().username;
    if (name) return name;
  } catch {
    // No passwd entry for this uid (some containers): fall back to the environment.
  }
  return env.USER || env.USERNAME || env.LOGNAME || '?';
}

/** How the record names the command line: one form in every language, so lines compare. */
export function cliActorName(env: NodeJS.ProcessEnv = process.env): string {
  return `命令行（${osUserName(env)}）`;
}

export interface CliLine {
  /** 'cli:<command>', e.g. 'cli:user add', 'cli:import-json'. */
  action: string;
  outcome?: 'done' | 'refused';
  issueId?: number | null;
  articleId?: number | null;
  roundId?: number | null;
  params?: Record<string, string | number | boolean | null>;
  note?: string;
}

/** Writes one line now (in the caller's transaction, when there is one). Titles, round and issue names
 *  come from the ids, as dispatch() shows them. */
export function recordCli(db: Database.Database, line: CliLine): void {
  const scope = scopeOf(db, {
    ...(line.issueId != null ? { issueId: line.issueId } : {}),
    ...(line.articleId != null ? { articleId: line.articleId } : {}),
    ...(line.roundId != null ? { roundId: line.roundId } : {}),
  });
  recordActivity(db, {
    accountId: null,
    actorName: cliActorName(),
    action: line.action,
    outcome: line.outcome ?? 'done',
    issueId: scope.issueId,
    articleId: scope.articleId,
    roundId: scope.roundId,
    params: { ...scope.params, ...line.params },
    ...(line.note !== undefined ? { note: line.note } : {}),
    origin: CLI_ORIGIN,
  });
}

/** Runs a synchronous change and writes its line in the same transaction: both commit or neither. */
export function changeWithRecord<T>(db: Database.Database, change: () => T, lineOf: (result: T) => CliLine): T {
  return writeTransaction(db, () => {
    const result = change();
    recordCli(db, lineOf(result));
    return result;
  });
}

/** The command line obeys the 付印 freeze as the API does: a signed-off issue is read-only for everyone. */
export function refuseIfFrozen(db: Database.Database, issueId: number): void {
  if (isFrozen(db, issueId)) {
    throw new QikanError('conflict', `issue ${issueId} is signed off for print (付印): the 主编 must withdraw the signature before it changes`, {
      reason: 'signed_off',
      id: issueId,
    });
  }
}
