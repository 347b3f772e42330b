// user add | list | passwd | enable | disable | roles: the office's accounts from the server machine
// itself. This is how the first administrator of a library is made before `npm run web -- --host
// 0.0.0.0` will serve it. A password is never an argument (it would land in the shell's history): it
// is read from standard input with --password-stdin, or asked twice on the terminal without echo.
// Every change writes its line to the record (操作记录) in the same transaction.

import type Database from 'better-sqlite3';
import { LOGIN_PATTERN, MIN_PASSWORD_LENGTH, ROLES, type Role } from '../../../shared/auth';
import {
  accountByLogin,
  activeAdminCount,
  insertAccount,
  listAccountRows,
  rolesOf,
  updateAccountRow,
  type AccountRow,
} from '../../auth/account-store';
import { hashPassword } from '../../auth/passwords';
import { createSessionStore } from '../../auth/session-store';
import { CliInputError, CliUsageError, type CliContext } from '../context';
import { changeWithRecord } from '../record';
import type { Command, ParsedArgs } from './command';

const MAX_PASSWORD_LENGTH = 200;
const MAX_NAME_LENGTH = 40;
const SUBCOMMANDS: Record<string, { args: number; options: readonly string[]; flags: readonly string[] }> = {
  add: { args: 1, options: ['name', 'role'], flags: ['password-stdin'] },
  list: { args: 0, options: [], flags: [] },
  passwd: { args: 1, options: [], flags: ['password-stdin'] },
  enable: { args: 1, options: [], flags: [] },
  disable: { args: 1, options: [], flags: [] },
  roles: { args: 2, options: [], flags: [] },
};

const usage = 'commands.user.usage';

/** "管理员,主编", "管理员、主编" or "管理员，主编": every part a known role. */
export function parseRoles(value: string): Role[] {
  const parts = value.split(/[,，、\s]+/u).filter((p) => p !== '');
  const unknown = parts.find((p) => !(ROLES as readonly string[]).includes(p));
  if (unknown !== undefined || parts.length === 0) throw new CliUsageError('users.badRole', { value: unknown ?? value, roles: ROLES.join('、') });
  return ROLES.filter((r) => parts.includes(r));
}

function checkedLogin(value: string): string {
  const login = value.trim().toLowerCase();
  if (!LOGIN_PATTERN.test(login)) throw new CliUsageError('users.badLogin', { login: value });
  return login;
}

function existing(db: Database.Database, value: string): AccountRow {
  const row = accountByLogin(db, value.trim().toLowerCase());
  if (!row) throw new CliInputError('users.unknownLogin', { login: value });
  return row;
}

const isActiveAdmin = (row: AccountRow) => row.disabled === 0 && row.password_hash !== null && rolesOf(row).includes('管理员');

/** The new password: from standard input with --password-stdin, else typed twice on a terminal. */
async function newPassword(ctx: CliContext, args: ParsedArgs, login: string): Promise<string> {
  const { io, t } = ctx;
  let password: string;
  if (args.flags['password-stdin']) {
    const text = io.readStdin ? await io.readStdin() : '';
    // The first line, without its line break: `echo secret | …` and a file with one line both work.
    password = text.split(/\r?\n/u)[0] ?? '';
  } else if (io.stdinIsTTY && io.promptHidden) {
    password = await io.promptHidden(t('users.passwordPrompt', { login }));
    if (password.length >= MIN_PASSWORD_LENGTH) {
      const again = await io.promptHidden(t('users.passwordAgain'));
      if (again !== password) throw new CliInputError('users.passwordMismatch');
    }
  } else {
    throw new CliUsageError('users.passwordNeedsTerminal');
  }
  if (password.length < MIN_PASSWORD_LENGTH) throw new CliInputError('users.passwordTooShort', { min: MIN_PASSWORD_LENGTH });
  if (password.length > MAX_PASSWORD_LENGTH) throw new CliInputError('users.passwordTooLong', { max: MAX_PASSWORD_LENGTH });
  return password;
}

function stateOf(ctx: CliContext, row: AccountRow): string {
  if (row.password_hash === null) return ctx.t('users.states.noPassword');
  return ctx.t(row.disabled === 1 ? 'users.states.disabled' : 'users.states.active');
}

const roleList = (roles: readonly string[]) => roles.join('、');

async function add(ctx: CliContext, args: ParsedArgs, loginArg: string): Promise<void> {
  const db = ctx.library().db;
  const login = checkedLogin(loginArg);
  const name = (args.options.name ?? '').trim();
  if (name === '') throw new CliUsageError('users.nameMissing', { usage });
  if (name.length > MAX_NAME_LENGTH) throw new CliUsageError('users.nameTooLong', { max: MAX_NAME_LENGTH });
  const firstAdmin = activeAdminCount(db) === 0;
  if (args.options.role === undefined && !firstAdmin) throw new CliUsageError('users.roleMissing', { usage });
  const asked = args.options.role === undefined ? [] : parseRoles(args.options.role);
  // Without an administrator nobody could add anyone else, and the server would not serve the office.
  const roles = firstAdmin && !asked.includes('管理员') ? ROLES.filter((r) => r === '管理员' || asked.includes(r)) : asked;
  if (accountByLogin(db, login)) throw new CliInputError('users.loginTaken', { login });
  const hash = await hashPassword(await newPassword(ctx, args, login));
  const row = changeWithRecord(
    db,
    () => insertAccount(db, { login, displayName: name, roles, passwordHash: hash }),
    (r) => ({ action: 'cli:user add', params: { account: r.display_name, login: r.login, roles: roleList(rolesOf(r)) } }),
  );
  ctx.io.out(ctx.t('users.added', { login: row.login, name: row.display_name, roles: roleList(rolesOf(row)) }));
  if (firstAdmin && !asked.includes('管理员')) ctx.io.out(ctx.t('users.firstAdmin', { login: row.login }));
}

function list(ctx: CliContext): void {
  const rows = listAccountRows(ctx.library().db);
  if (rows.length === 0) {
    ctx.io.out(ctx.t('users.listEmpty'));
    return;
  }
  const cells = rows.map((r) => [r.login, r.display_name, roleList(rolesOf(r)) || '—', stateOf(ctx, r)]);
  const header = [ctx.t('users.columns.login'), ctx.t('users.columns.name'), ctx.t('users.columns.roles'), ctx.t('users.columns.state')];
  // East Asian characters take two columns on a terminal.
  const width = (s: string) => [...s].reduce((n, ch) => n + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1), 0);
  const widths = header.map((h, i) => Math.max(width(h), ...cells.map((c) => width(c[i]!))));
  const line = (c: string[]) => c.map((s, i) => (i === c.length - 1 ? s : s + ' '.repeat(widths[i]! - width(s)))).join('  ');
  ctx.io.out(line(header));
  for (const c of cells) ctx.io.out(line(c));
}

async function passwd(ctx: CliContext, args: ParsedArgs, loginArg: string): Promise<void> {
  const db = ctx.library().db;
  const before = existing(db, loginArg);
  const hash = await hashPassword(await newPassword(ctx, args, before.login));
  // An account made by the migration from an old record's name had no password and was disabled until now.
  const enables = before.password_hash === null && before.disabled === 1;
  const row = changeWithRecord(
    db,
    () => {
      const r = updateAccountRow(db, before.id, { passwordHash: hash, ...(enables ? { disabled: false } : {}) });
      createSessionStore(db).endAllOf(before.id, 'password_reset');
      return r;
    },
    (r) => ({ action: 'cli:user passwd', params: { account: r.display_name, login: r.login, ...(enables ? { enabled: true } : {}) } }),
  );
  ctx.io.out(ctx.t(enables ? 'users.passwordSetEnabled' : 'users.passwordSet', { login: row.login, name: row.display_name }));
  if (row.disabled === 1) ctx.io.out(ctx.t('users.stillDisabled', { login: row.login }));
}

function setDisabled(ctx: CliContext, loginArg: string, disabled: boolean): void {
  const db = ctx.library().db;
  const before = existing(db, loginArg);
  if ((before.disabled === 1) === disabled) {
    ctx.io.out(ctx.t(disabled ? 'users.alreadyDisabled' : 'users.alreadyEnabled', { login: before.login }));
    return;
  }
  if (!disabled && before.password_hash === null) throw new CliInputError('users.enableNeedsPassword', { login: before.login });
  if (disabled && isActiveAdmin(before) && activeAdminCount(db) <= 1) throw new CliInputError('users.lastAdmin', { login: before.login });
  let ended = 0;
  const row = changeWithRecord(
    db,
    () => {
      const r = updateAccountRow(db, before.id, { disabled });
      // A disabled person's open sessions end now, not when they next expire.
      if (disabled) ended = createSessionStore(db).endAllOf(before.id, 'disabled');
      return r;
    },
    (r) => ({ action: disabled ? 'cli:user disable' : 'cli:user enable', params: { account: r.display_name, login: r.login } }),
  );
  ctx.io.out(ctx.t(disabled ? 'users.disabled' : 'users.enabled', { login: row.login, name: row.display_name, sessions: ended }));
}

function setRoles(ctx: CliContext, loginArg: string, rolesArg: string): void {
  const db = ctx.library().db;
  const before = existing(db, loginArg);
  const roles = parseRoles(rolesArg);
  if (isActiveAdmin(before) && !roles.includes('管理员') && activeAdminCount(db) <= 1) throw new CliInputError('users.lastAdmin', { login: before.login });
  const row = changeWithRecord(
    db,
    () => updateAccountRow(db, before.id, { roles }),
    (r) => ({ action: 'cli:user roles', params: { account: r.display_name, login: r.login, roles: `${roleList(rolesOf(before))} → ${roleList(rolesOf(r))}` } }),
  );
  ctx.io.out(ctx.t('users.rolesSet', { login: row.login, name: row.display_name, roles: roleList(rolesOf(row)) }));
}

export const userCommand: Command = {
  name: 'user',
  flags: ['password-stdin'],
  options: ['name', 'role'],
  minArgs: 1,
  maxArgs: 3,
  async run(ctx, args) {
    const [sub, ...rest] = args.positionals as [string, ...string[]];
    const spec = SUBCOMMANDS[sub];
    if (!spec) throw new CliUsageError('users.unknownSubcommand', { sub, subs: Object.keys(SUBCOMMANDS).join(', '), usage });
    if (rest.length !== spec.args) throw new CliUsageError('wrongArguments', { usage });
    const stray =
      Object.keys(args.options).find((o) => !spec.options.includes(o)) ?? Object.keys(args.flags).find((f) => !spec.flags.includes(f));
    if (stray !== undefined) throw new CliUsageError('unknownOption', { command: `user ${sub}`, option: `--${stray}`, usage });
    switch (sub) {
      case 'add':
        return add(ctx, args, rest[0]!);
      case 'list':
        return list(ctx);
      case 'passwd':
        return passwd(ctx, args, rest[0]!);
      case 'enable':
      case 'disable':
        return setDisabled(ctx, rest[0]!, sub === 'disable');
      case 'roles':
        return setRoles(ctx, rest[0]!, rest[1]!);
    }
  },
};
