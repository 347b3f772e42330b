// The maintained list of names no line breaks inside (resources/names/leaders.txt: leaders' and
// officials' names, one a line, # comments), read once per process and handed to the engine as
// data. The engine adds the names the issue prints itself (bylines, board, credits).

import fs from 'node:fs';
import path from 'node:path';
import { findResourcesDir } from '../paths';

export const LEADER_NAMES_FILE = path.join('names', 'leaders.txt');

/** The names of a list file's text: one a line, text after # is a comment, blank lines skipped. */
export function parseNameList(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/u)) {
    const name = raw.replace(/#.*$/u, '').trim();
    if (name !== '') out.push(name);
  }
  return out;
}

let cached: { file: string; names: string[] } | null = null;

/** The maintained names (empty when the file is missing: layout goes on without them). */
export function leaderNames(resourcesDir?: string): string[] {
  if (cached && (resourcesDir === undefined || cached.file === path.join(resourcesDir, LEADER_NAMES_FILE))) return cached.names;
  let file = '';
  let names: string[] = [];
  try {
    file = path.join(resourcesDir ?? findResourcesDir(), LEADER_NAMES_FILE);
    names = parseNameList(fs.readFileSync(file, 'utf8'));
  } catch {
    names = [];
  }
  cached = { file, names };
  return names;
}
