// Keeps the layers of docs/architecture.md honest. The rule is the table in that file: this test reads it
// (folder, runs in, may import) and checks every import of every file under src/ against its folder's row —
// an allow-list, so anything the row does not name is refused. Imports are read with the TypeScript parser:
// static, export-from, type-only, import-equals, require, require.resolve, createRequire results, dynamic
// import(), import('x').T types and triple-slash type references.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');
const srcDir = join(root, 'src');
const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const BUILTINS = 'node built-ins';

// ---------------------------------------------------------------------------------------------------------
// Reading imports

export interface ImportRef {
  spec: string;
  /** Erased at build time: `import type`, `export type`, `import('x').T`, `/// <reference types>`. */
  typeOnly: boolean;
}

export function importRefsOf(source: string, fileName = 'x.ts'): ImportRef[] {
  const kind = /\.(tsx|jsx)$/.test(fileName) ? ts.ScriptKind.TSX : /\.(js|mjs|cjs)$/.test(fileName) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, kind);
  const refs: ImportRef[] = [];
  const add = (node: ts.Node | undefined, typeOnly: boolean) => {
    if (node && ts.isStringLiteralLike(node)) refs.push({ spec: node.text, typeOnly });
  };
  for (const r of sf.typeReferenceDirectives) refs.push({ spec: r.fileName, typeOnly: true });
  const requireNames = new Set(['require']); // plus every `const x = createRequire(…)`
  const isRequire = (e: ts.Expression) => ts.isIdentifier(e) && requireNames.has(e.text);
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) add(node.moduleSpecifier, node.importClause?.isTypeOnly === true);
    else if (ts.isExportDeclaration(node)) add(node.moduleSpecifier, node.isTypeOnly);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference))
      add(node.moduleReference.expression, node.isTypeOnly);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal, true);
    else if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && ts.isCallExpression(node.initializer)) {
      const callee = node.initializer.expression;
      if (ts.isIdentifier(callee) && callee.text === 'createRequire') requireNames.add(node.name.text);
    } else if (ts.isCallExpression(node) && node.arguments.length >= 1) {
      const callee = node.expression;
      const arg = node.arguments[0];
      if (callee.kind === ts.SyntaxKind.ImportKeyword || isRequire(callee)) add(arg, false);
      else if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'resolve' && isRequire(callee.expression)) add(arg, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return refs;
}

export function importsOf(source: string, fileName = 'x.ts'): string[] {
  return [...new Set(importRefsOf(source, fileName).map((r) => r.spec))];
}

// ---------------------------------------------------------------------------------------------------------
// Reading the table

/** One item of a "may import" cell. */
export interface Allowance {
  /** A folder under src/ ('shared', …), a package name, or 'node built-ins'. */
  name: string;
  /** `(only …)`: for a folder, the only modules of it that may be imported; for a package, the only files that may import it (src-relative, no extension). */
  only?: string[];
  /** `(types only)`. */
  typesOnly?: boolean;
}

export interface LayerRow {
  folder: string;
  runsIn: string;
  mayImport: Allowance[];
}

const withoutExt = (p: string) => p.replace(/\\/g, '/').replace(/\.(d\.ts|ts|tsx|mts|cts|js|mjs|cjs|json)$/, '');

function parseCell(cell: string, folder: string): Allowance[] {
  const items: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of cell) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      items.push(cur);
      cur = '';
    } else cur += ch;
  }
  items.push(cur);
  return items.map((raw) => {
    const m = /^\s*([^()]+?)\s*(?:\((.*)\))?\s*$/.exec(raw);
    if (!m) throw new Error(`src/${folder}: cannot read "${raw.trim()}"`);
    const name = m[1]!.replace(/`/g, '').trim();
    if (!/^(node built-ins|(@[\w.-]+\/)?[\w.-]+)$/.test(name)) throw new Error(`src/${folder}: "${name}" is not a folder or a package name`);
    const qual = m[2]?.trim();
    if (qual === undefined) return { name };
    if (qual === 'types only') return { name, typesOnly: true };
    const only = /^only ((?:`[^`]+`(?:, )?)+)(?:: .+)?$/.exec(qual);
    if (!only) throw new Error(`src/${folder}: "${name} (${qual})": a qualifier is "(types only)" or "(only \`path\`, …[: why])"`);
    return { name, only: [...only[1]!.matchAll(/`([^`]+)`/g)].map((p) => withoutExt(p[1]!)) };
  });
}

/** The layer table of a markdown text: the table whose header has folder, runs in and may import. */
export function parseLayerTable(markdown: string): LayerRow[] {
  const lines = markdown.split('\n');
  const cells = (line: string) => line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());
  const at = lines.findIndex((l) => l.trim().startsWith('|') && /\bfolder\b/.test(l) && /\bmay import\b/.test(l));
  if (at < 0) throw new Error('no table with "folder" and "may import" columns');
  const header = cells(lines[at]!);
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`the layer table has no "${name}" column`);
    return i;
  };
  const [folderCol, runsCol, importCol] = [col('folder'), col('runs in'), col('may import')];
  const rows: LayerRow[] = [];
  for (const line of lines.slice(at + 2)) {
    if (!line.trim().startsWith('|')) break;
    const c = cells(line);
    const fm = /^`?src\/([\w-]+)\/?`?$/.exec(c[folderCol] ?? '');
    if (!fm) throw new Error(`the layer table row "${line}" does not name a folder src/<name>/`);
    rows.push({ folder: fm[1]!, runsIn: c[runsCol] ?? '', mayImport: parseCell(c[importCol] ?? '', fm[1]!) });
  }
  if (rows.length === 0) throw new Error('the layer table has no rows');
  return rows;
}

// ---------------------------------------------------------------------------------------------------------
// Checking

const runsInNode = (row: LayerRow) => /\bNode\b|Electron main/.test(row.runsIn);
const runsInElectron = (row: LayerRow) => /^Electron\b/.test(row.runsIn);
const isPure = (row: LayerRow) => /\bpure\b/.test(row.runsIn);

export function packageName(spec: string): string {
  const bare = spec.split('?')[0]!;
  const parts = bare.split('/');
  return bare.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** The problems with one file's imports against the table; empty when it keeps to its row. */
export function layerViolations(file: string, source: string, table: readonly LayerRow[]): string[] {
  const fromRel = relative(srcDir, file).split(sep).join('/');
  const folder = fromRel.split('/')[0]!;
  const fromModule = withoutExt(fromRel);
  const row = table.find((r) => r.folder === folder);
  const where = relative(root, file).split(sep).join('/');
  if (fromRel.startsWith('..') || !fromRel.includes('/')) return [`${where}: not in a folder under src/`];
  if (!row) return [`${where}: src/${folder} has no row in the table of docs/architecture.md`];
  const problems: string[] = [];
  for (const { spec, typeOnly } of importRefsOf(source, file)) {
    const say = (why: string) => problems.push(`${where} imports '${spec}': ${why}`);
    let name: string;
    let target: string | undefined; // the module imported, for a folder
    if (spec.startsWith('.') || spec.startsWith('/')) {
      const rel = relative(srcDir, resolve(dirname(file), spec.split('?')[0]!)).split(sep).join('/');
      if (rel.startsWith('..') || !rel.includes('/') || spec.startsWith('/')) {
        say('an import outside src/');
        continue;
      }
      name = rel.split('/')[0]!;
      target = withoutExt(rel).replace(/\/index$/, '');
      if (name === folder) continue; // a folder may import itself
      if (!table.some((r) => r.folder === name)) {
        say(`src/${name} has no row in the table`);
        continue;
      }
    } else if (NODE_BUILTINS.has(spec) || NODE_BUILTINS.has(packageName(spec))) name = BUILTINS;
    else name = packageName(spec);
    const allowance = row.mayImport.find((a) => a.name === name);
    const what = name === BUILTINS ? 'node built-ins' : target ? `src/${name}` : `the package ${name}`;
    if (!allowance) {
      say(`src/${folder} may not import ${what} (its row: ${row.mayImport.map((a) => a.name).join(', ')})`);
      continue;
    }
    if (allowance.typesOnly && !typeOnly) say(`src/${folder} may import only types from ${what} (use import type)`);
    if (allowance.only) {
      const subject = target ?? fromModule;
      if (!allowance.only.map((p) => p.replace(/\/index$/, '')).includes(subject)) say(target ? `src/${folder} may import from src/${name} only ${allowance.only.join(', ')}` : `only ${allowance.only.join(', ')} may import ${name}`);
    }
  }
  return problems;
}

/** What is wrong with the table itself. */
export function tableProblems(table: readonly LayerRow[], pkg: { dependencies?: Record<string, string>; devDependencies?: Record<string, string> }, depsOf: (name: string) => string[]): string[] {
  const problems: string[] = [];
  const folders = new Set(table.map((r) => r.folder));
  const declared = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})]);
  for (const row of table) {
    const say = (why: string) => problems.push(`row src/${row.folder}: ${why}`);
    const rowPackages = row.mayImport.filter((a) => a.name !== BUILTINS && !folders.has(a.name)).map((a) => a.name);
    for (const a of row.mayImport) {
      if (a.name === row.folder) say('lists itself (every folder may import its own files)');
      else if (a.name === BUILTINS) {
        if (!runsInNode(row)) say(`lists node built-ins but runs in "${row.runsIn}"`);
      } else if (folders.has(a.name)) {
        const other = table.find((r) => r.folder === a.name)!;
        if (isPure(row) && !isPure(other)) say(`is pure but lists src/${a.name}, which runs in "${other.runsIn}"`);
      } else {
        if (a.name === 'electron' && !runsInElectron(row)) say(`lists electron but runs in "${row.runsIn}"`);
        const viaRow = rowPackages.some((p) => declared.has(p) && depsOf(p).includes(a.name));
        if (!declared.has(a.name) && !viaRow) say(`lists ${a.name}, which is neither in package.json nor a dependency of a package in the row`);
      }
    }
  }
  return problems;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(e.name) ? [p] : [];
  });
}

const depsOf = (name: string): string[] => {
  const p = join(root, 'node_modules', name, 'package.json');
  if (!existsSync(p)) return [];
  return Object.keys((JSON.parse(readFileSync(p, 'utf8')) as { dependencies?: Record<string, string> }).dependencies ?? {});
};

// ---------------------------------------------------------------------------------------------------------

describe('layering', () => {
  const table = parseLayerTable(readFileSync(join(root, 'docs', 'architecture.md'), 'utf8'));
  const files = sourceFiles(srcDir);
  const at = (p: string) => join(srcDir, p);
  const check = (p: string, source: string) => layerViolations(at(p), source, table);

  it('reads the table of docs/architecture.md: one row per folder under src/', () => {
    const dirs = readdirSync(srcDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    expect(table.map((r) => r.folder).sort()).toEqual(dirs);
    expect(dirs).toEqual(['engine', 'main', 'node', 'pdf', 'preload', 'renderer', 'shared']);
    expect(files.length).toBeGreaterThan(100);
    expect(files.some((f) => f.endsWith(join('src', 'shared', 'api.ts')))).toBe(true);
  });

  it('the table agrees with package.json and with each row\'s runtime', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(tableProblems(table, pkg, depsOf)).toEqual([]);
  });

  it('every file under src/ imports only what its folder\'s row allows', () => {
    const problems = files.flatMap((f) => layerViolations(f, readFileSync(f, 'utf8'), table));
    expect(problems).toEqual([]);
  });

  it('every item of the table is used (the table lists what is true, not what might be)', () => {
    const used = new Set<string>();
    const loose: LayerRow[] = table.map((r) => ({ ...r, mayImport: [] }));
    for (const f of files) {
      for (const p of layerViolations(f, readFileSync(f, 'utf8'), loose)) {
        const folder = relative(srcDir, f).split(sep)[0]!;
        const spec = /imports '([^']+)'/.exec(p)![1]!;
        const m = /may not import (?:src\/(\S+)|the package (\S+)|(node built-ins))/.exec(p);
        if (m) used.add(`${folder}:${m[1] ?? m[2] ?? m[3]}`);
        else throw new Error(`${p} (${spec})`);
      }
    }
    const unused = table.flatMap((r) => r.mayImport.filter((a) => !used.has(`${r.folder}:${a.name}`)).map((a) => `src/${r.folder}: ${a.name}`));
    expect(unused).toEqual([]);
  });

  it('the scanner sees every import form, and no import in strings, comments or JSX text', () => {
    const src = [
      "import a from 'pkg-a';",
      "import type { B } from 'pkg-b';",
      "import { c,\n  d } from 'pkg-c';",
      "import 'pkg-d';",
      "export * from 'pkg-e';",
      "export { f } from 'pkg-f';",
      "const g = require('pkg-g');",
      "const h = await import('pkg-h');",
      "// import x from 'in-a-comment';",
      "/* require('in-a-block-comment') */",
      "const url = 'https://example.com'; import i from 'pkg-i';",
      "import j = require('pkg-j');",
      "type K = import('pkg-k').K;",
      "export type { L } from 'pkg-l';",
      "const m = require.resolve('pkg-m');",
      "const req = createRequire(import.meta.url); const n = req('pkg-n');",
      "const s = \"import o from 'in-a-string'\"; const cls = t('library.import'); const q = `import('in-a-template')`;",
    ].join('\n');
    expect(importsOf(src).sort()).toEqual(['pkg-a', 'pkg-b', 'pkg-c', 'pkg-d', 'pkg-e', 'pkg-f', 'pkg-g', 'pkg-h', 'pkg-i', 'pkg-j', 'pkg-k', 'pkg-l', 'pkg-m', 'pkg-n']);
    // JSX: a className "import" and a translated label once read as imports (ImportIssueButton.tsx).
    const jsx = `/// <reference types="vite/client" />\nexport const X = () => <div className="import">{t('library.import')} import a file from "disk"</div>;`;
    expect(importsOf(jsx, 'x.tsx')).toEqual(['vite/client']);
    const types = importRefsOf("import type { A } from 'a';\nimport { b } from 'b';\nexport type { C } from 'c';\ntype D = import('d').D;");
    expect(types).toEqual([
      { spec: 'a', typeOnly: true },
      { spec: 'b', typeOnly: false },
      { spec: 'c', typeOnly: true },
      { spec: 'd', typeOnly: true },
    ]);
  });

  it('refuses crossings in fake files (negative controls)', () => {
    // Packages a row does not name.
    expect(check('engine/x.ts', "import sharp from 'sharp';")).toHaveLength(1);
    expect(check('engine/x.ts', "import { PDFDocument } from 'pdf-lib';")).toHaveLength(1);
    expect(check('renderer/x.tsx', "import * as fontkit from 'fontkit';")).toHaveLength(1);
    expect(check('renderer/x.tsx', "const mammoth = await import('mammoth');")).toHaveLength(1);
    expect(check('shared/x.ts', "import pad from 'left-pad';")).toHaveLength(1);
    expect(check('shared/x.ts', "import React from 'react';")).toHaveLength(1);
    expect(check('pdf/x.ts', "import type { Sharp } from 'sharp';")).toHaveLength(1);
    // Node built-ins and electron.
    expect(check('engine/x.ts', "import fs from 'node:fs';")).toHaveLength(1);
    expect(check('engine/x.ts', "import { readFile } from 'fs/promises';")).toHaveLength(1);
    expect(check('renderer/x.ts', "const { ipcRenderer } = require('electron');")).toHaveLength(1);
    expect(check('node/server/x.ts', "import { app } from 'electron';")).toHaveLength(1);
    // Folders a row does not name.
    expect(check('pdf/x.ts', "import { openLibrary } from '../node/library/open-library';")).toHaveLength(1);
    expect(check('renderer/x.ts', "import { dispatch } from '../node/api/dispatch';")).toHaveLength(1);
    expect(check('node/x.ts', "import type { IpcMain } from '../main/ipc';")).toHaveLength(1);
    expect(check('main/x.ts', "import { layoutIssue } from '../engine/issue/layout-issue';")).toHaveLength(1);
    expect(check('engine/x.ts', "const m = await import('../../tests/helper');")).toHaveLength(1);
    // (only …) and (types only).
    expect(check('shared/x.ts', "import { t } from 'i18next';")).toHaveLength(1);
    expect(check('shared/i18n.ts', "import i18next from 'i18next';")).toEqual([]);
    expect(check('renderer/preview/x.ts', "import { composeParagraph } from '../../engine/paragraph/compose';")).toHaveLength(1);
    expect(check('renderer/preview/x.ts', "import { columnsFor } from '../../engine/flow/geometry';")).toEqual([]);
    expect(check('main/x.ts', "const p = require.resolve('better-sqlite3');")).toHaveLength(1);
    expect(check('preload/x.ts', "import { apiInputs } from '../shared/api';")).toHaveLength(1);
    expect(check('preload/x.ts', "import type { ApiMethod } from '../shared/api';\nimport { contextBridge } from 'electron';")).toEqual([]);
    expect(check('preload/x.ts', "import { z } from 'zod';")).toHaveLength(1);
    // A folder without a row.
    expect(check('tools/x.ts', "import { z } from 'zod';")).toHaveLength(1);
    // Allowed ones stay allowed.
    expect(check('shared/x.ts', "import { z } from 'zod';\nimport type { M } from './model';")).toEqual([]);
    expect(check('main/x.ts', "import { app } from 'electron';\nimport { join } from 'node:path';\nimport { openLibrary } from '../node/library/open-library';")).toEqual([]);
  });

  it('the test follows the doc: a package taken out of a row fails the files that use it', () => {
    const withoutSharp = table.map((r) => (r.folder === 'node' ? { ...r, mayImport: r.mayImport.filter((a) => a.name !== 'sharp') } : r));
    const convert = at('node/photos/convert.ts');
    expect(layerViolations(convert, readFileSync(convert, 'utf8'), table)).toEqual([]);
    expect(layerViolations(convert, readFileSync(convert, 'utf8'), withoutSharp).join('\n')).toMatch(/may not import the package sharp/);
  });

  it('refuses a table it cannot read, and one that contradicts itself', () => {
    const head = '| folder | runs in | may import | job |\n|---|---|---|---|\n';
    expect(() => parseLayerTable(`${head}| \`src/shared/\` | anywhere (pure) | zod (mostly) | x |`)).toThrow(/qualifier/);
    expect(() => parseLayerTable(`${head}| shared | anywhere (pure) | zod | x |`)).toThrow(/src\/<name>/);
    expect(() => parseLayerTable('no table here')).toThrow();
    const bad = parseLayerTable(
      `${head}| \`src/shared/\` | anywhere (pure) | node built-ins, left-pad, node | x |\n| \`src/node/\` | Node | shared, electron | x |`,
    );
    const problems = tableProblems(bad, { dependencies: { zod: '1', electron: '1' } }, () => []);
    expect(problems).toHaveLength(4); // built-ins in a pure row, an undeclared package, a pure row importing Node, electron outside Electron
  });
});
