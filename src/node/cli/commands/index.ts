// Every command of the command line. A new command (export, import-docx, …) is one module added here
// plus its "commands.<name>" strings in cli.json.

import type { Command } from './command';
import { backupCommand } from './backup';
import { checkCommand } from './check';
import { exportCommand } from './export';
import { createHelpCommand } from './help';
import { importPhotoCommand } from './import-photo';
import { importJsonCommand } from './import-json';
import { importDocxCommand } from './import-docx';
import { importTextCommand } from './import-text';
import { listCommand } from './list';
import { logCommand } from './log';
import { outlineCommand } from './outline';
import { preflightCommand } from './preflight';
import { restoreCommand } from './restore';
import { userCommand } from './user';

export const COMMANDS: readonly Command[] = [
  createHelpCommand(() => COMMANDS),
  listCommand,
  outlineCommand,
  importJsonCommand,
  importPhotoCommand,
  importDocxCommand,
  importTextCommand,
  preflightCommand,
  exportCommand,
  logCommand,
  userCommand,
  backupCommand,
  restoreCommand,
  checkCommand,
];
