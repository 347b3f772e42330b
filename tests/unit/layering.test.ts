// Keeps the layers of docs/architecture.md honest: scans every import (static, export-from, require,
// dynamic import, type-only included) of every source file and checks it against the rules below.

import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');
const LAYERS = ['shared', 'engine', 'pdf', 'node', 'main', 'preload', 'renderer'] as const;
type Layer = (typeof LAYERS)[number];

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const UI_PACKAGES = /^(react|react-dom|@testing-library\/|lexical$|@lexical\/|i18next$|react-i18next$|jsdom$)/;

export function importsOf(source: string): string[] {
  const specs: string[] = [];
  const patterns = [
    /\bimport\s+(?:type\s+)?[\s\S]*?\bfrom\s*['"]([^'"]+)['"]/g, // import x from 'y', import type {x} from 'y'
    /\bimport\s*['"]([^'"]+)['"]/g, // import 'side-effect'
    /\bexport\s+(?:type\s+)?(?:\*|\{[\s\S]*?\})\s*(?:as\s+\w+\s*)?from\s*['"]([^'"]+)['"]/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  // Comments would otherwise count ("// never import 'electron' here").
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:\\'"`])\/\/.*$/gm, '$1');
  for (const re of patterns) for (const m of code.matchAll(re)) specs.push(m[1]!);
  return [...new Set(specs)];
}

/** The layer a relative import lands in, or null for a bare package / outside src. */
function targetLayer(fromFile: string, spec: string): Layer | 'outside' | null {
  if (!spec.startsWith('.')) return null;
  const rel = relative(join(root, 'src'), resolve(dirname(fromFile), spec));
  if (rel.startsWith('..')) return 'outside';
  const first = rel.split(sep)[0] as Layer;
  return LAYERS.includes(first) ? first : 'outside';
}

/** The problems with one file's imports; empty when it keeps to its layer. */
export function layerViolations(file: string, source: string): string[] {
  const layer = relative(join(root, 'src'), file).split(sep)[0] as Layer;
  const problems: string[] = [];
  const mayImportLayers: Record<Layer, readonly Layer[]> = {
    shared: ['shared'],
    engine: ['shared', 'engine'],
    pdf: ['shared', 'engine', 'pdf'],
    node: ['shared', 'engine', 'pdf', 'node'],
    main: ['shared', 'engine', 'pdf', 'node', 'main'],
    preload: ['shared', 'preload'],
    renderer: ['shared', 'engine', 'renderer'],
  };
  const pure = layer === 'shared' || layer === 'engine' || layer === 'pdf';
  for (const spec of importsOf(source)) {
    const target = targetLayer(file, spec);
    const say = (why: string) => problems.push(`${relative(root, file)} imports '${spec}': ${why}`);
    if (target === 'outside') {
      say('relative import outside src/');
      continue;
    }
    if (target !== null) {
      if (!mayImportLayers[layer].includes(target)) say(`src/${layer} may not import from src/${target}`);
      continue;
    }
    const isElectron = spec === 'electron' || spec.startsWith('electron/');
    if (isElectron && layer !== 'main' && layer !== 'preload') say('only src/main and src/preload import electron');
    if (NODE_BUILTINS.has(spec) || NODE_BUILTINS.has(spec.split('/')[0]!)) {
      if (pure || layer === 'renderer' || layer === 'preload') say(`src/${layer} runs outside Node: no node built-ins`);
    }
    if (spec === 'better-sqlite3' && layer !== 'node' && layer !== 'main') say('only src/node (and main through it) use better-sqlite3');
    if (pure && UI_PACKAGES.test(spec) && !(layer === 'shared' && spec === 'i18next')) say(`src/${layer} is pure: no UI libraries`);
    if (layer === 'shared') {
      // The one i18next set-up is shared by the renderer and the command line (src/shared/i18n.ts).
      const allowed = spec === 'zod' || (spec === 'i18next' && relative(root, file) === join('src', 'shared', 'i18n.ts'));
      if (!allowed) say('src/shared imports only zod and itself');
    }
    if (layer === 'preload' && !isElectron) say('the sandboxed preload can load only electron');
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

describe('layering', () => {
  const files = LAYERS.flatMap((layer) => {
    try {
      return sourceFiles(join(root, 'src', layer));
    } catch {
      return [];
    }
  });

  it('finds source files to check', () => {
    expect(files.length).toBeGreaterThan(10);
    expect(files.some((f) => f.endsWith(join('src', 'shared', 'api.ts')))).toBe(true);
  });

  it('every file imports only what its layer allows', () => {
    const problems = files.flatMap((f) => layerViolations(f, readFileSync(f, 'utf8')));
    expect(problems).toEqual([]);
  });

  it('the scanner sees every import form', () => {
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
    ].join('\n');
    expect(importsOf(src).sort()).toEqual(['pkg-a', 'pkg-b', 'pkg-c', 'pkg-d', 'pkg-e', 'pkg-f', 'pkg-g', 'pkg-h', 'pkg-i']);
  });

  it('catches violations in fake files', () => {
    const at = (p: string) => join(root, 'src', p);
    expect(layerViolations(at('engine/x.ts'), "import fs from 'node:fs';")).toHaveLength(1);
    expect(layerViolations(at('engine/x.ts'), "import { readFile } from 'fs/promises';")).toHaveLength(1);
    expect(layerViolations(at('pdf/x.ts'), "import { openLibrary } from '../node/library/open-library';")).toHaveLength(1);
    expect(layerViolations(at('shared/x.ts'), "import React from 'react';").length).toBeGreaterThan(0);
    expect(layerViolations(at('shared/x.ts'), "import { t } from 'i18next';")).toHaveLength(1);
    expect(layerViolations(at('shared/x.ts'), "import { z } from 'zod';\nimport type { M } from './model';")).toEqual([]);
    expect(layerViolations(at('renderer/x.ts'), "import { dispatch } from '../node/api/dispatch';")).toHaveLength(1);
    expect(layerViolations(at('renderer/x.ts'), "const { ipcRenderer } = require('electron');")).toHaveLength(1);
    expect(layerViolations(at('node/server/x.ts'), "import { app } from 'electron';")).toHaveLength(1);
    expect(layerViolations(at('node/x.ts'), "import type { IpcMain } from '../main/ipc';")).toHaveLength(1);
    expect(layerViolations(at('preload/x.ts'), "import { apiInputs } from '../shared/api';\nimport { z } from 'zod';")).toHaveLength(1);
    expect(layerViolations(at('main/x.ts'), "import { app } from 'electron';\nimport { join } from 'node:path';\nimport { openLibrary } from '../node/library/open-library';")).toEqual([]);
    expect(layerViolations(at('engine/x.ts'), "const m = await import('../../tests/helper');")).toHaveLength(1);
  });
});
