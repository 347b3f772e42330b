// The library is private to the user (library/private-files.ts): its folder and the folders in it
// 0700, library.sqlite with its -wal and -shm and the files written there 0600, whatever the umask;
// a library made with wider modes is tightened when it is opened.

import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultExportEngine } from '../../src/node/export/default-engine';
import { runExport } from '../../src/node/export/pipeline';
import { libraryFile, openLibrary } from '../../src/node/library/open-library';
import { importPhotoFile } from '../../src/node/photos/photo-store';
import { photoPreview } from '../../src/node/photos/screen-preview';
import { createLibraryService } from '../../src/node/services/library-service';
import { RESOURCES_DIR, removeTempDirs, tempDir } from './helpers';

const modeOf = (p: string) => fs.statSync(p).mode & 0o777;

/** Every folder and file under `dir` (itself included) with its mode, as 'photos/x.jpg 600'. */
function modes(dir: string): string[] {
  const out: string[] = [];
  const walk = (p: string, rel: string) => {
    out.push(`${rel || '.'} ${modeOf(p).toString(8)}`);
    if (fs.statSync(p).isDirectory()) for (const name of fs.readdirSync(p).sort()) walk(path.join(p, name), rel ? `${rel}/${name}` : name);
  };
  walk(dir, '');
  return out;
}

const wide = (list: string[]) => list.filter((line) => !/ (700|600)$/u.test(line));

let umask: number;
beforeAll(() => {
  // With no umask at all, a folder or file made without an explicit mode would be 777 or 666.
  umask = process.umask(0);
});
afterAll(() => {
  process.umask(umask);
});
afterEach(removeTempDirs);

describe.skipIf(process.platform === 'win32')('the library is private to the user', () => {
  it('a new library: 0700 folders, 0600 database files; a photo, its preview and an export likewise', async () => {
    const dir = path.join(tempDir('qikan-modes-'), 'new', 'library');
    const lib = openLibrary({ dataDir: dir, resourcesDir: RESOURCES_DIR });
    try {
      expect(modeOf(dir)).toBe(0o700);
      for (const folder of ['photos', 'fonts', 'cache']) expect(modeOf(path.join(dir, folder)), folder).toBe(0o700);
      const db = libraryFile(dir);
      for (const f of [db, `${db}-wal`, `${db}-shm`]) expect(modeOf(f), f).toBe(0o600);
      expect(wide(modes(dir))).toEqual([]);

      const service = createLibraryService(lib);
      const issueId = service.listIssues({})[0]!.id;
      const articleId = service.getIssueOutline({ issueId }).sections[2]!.articles[0]!.id;
      const bytes = await sharp({ create: { width: 600, height: 400, channels: 3, background: '#884422' } }).jpeg().toBuffer();
      const photo = await importPhotoFile(lib, { issueId, articleId, placement: 'article', caption: '照片', credit: { kind: '摄影', name: '测试' }, fileName: 'p.jpg', bytes });
      expect(modeOf(path.join(dir, photo.file!))).toBe(0o600);
      await photoPreview(lib, photo.id);
      expect(fs.readdirSync(path.join(dir, 'cache')).length).toBeGreaterThan(0);

      // An export to the library's own exports/ folder; one to a folder of the user's choosing keeps the usual modes.
      lib.db.prepare("UPDATE publication SET settings = json_set(settings, '$.proofreading', 'none')").run();
      const done = await runExport(lib, { issueId, kind: 'screen' }, defaultExportEngine);
      expect(done.state).toBe('done');
      if (done.state !== 'done') return;
      expect(path.dirname(done.file)).toBe(path.join(dir, 'exports'));
      expect(modeOf(path.join(dir, 'exports'))).toBe(0o700);
      expect(modeOf(done.file)).toBe(0o600);
      const outside = path.join(tempDir('qikan-modes-out-'), 'chosen', 'issue.pdf');
      const there = await runExport(lib, { issueId, kind: 'screen', outPath: outside }, defaultExportEngine);
      expect(there.state).toBe('done');
      expect(modeOf(outside)).toBe(0o666);

      expect(wide(modes(dir))).toEqual([]);
    } finally {
      lib.close();
    }
  }, 60_000);

  it('an existing library with wider modes is tightened when opened', () => {
    const dir = path.join(tempDir('qikan-modes-'), 'library');
    openLibrary({ dataDir: dir, resourcesDir: RESOURCES_DIR }).close();
    fs.mkdirSync(path.join(dir, 'exports'));
    fs.writeFileSync(`${libraryFile(dir)}-wal`, '');
    for (const p of [dir, 'photos', 'fonts', 'cache', 'exports'].map((f) => path.resolve(dir, f))) fs.chmodSync(p, 0o755);
    for (const f of ['', '-wal']) fs.chmodSync(`${libraryFile(dir)}${f}`, 0o644);
    expect(modeOf(dir)).toBe(0o755);

    const lib = openLibrary({ dataDir: dir, resourcesDir: RESOURCES_DIR });
    try {
      expect(createLibraryService(lib).listIssues({})).toHaveLength(1);
      expect(wide(modes(dir))).toEqual([]);
      expect(modeOf(dir)).toBe(0o700);
      expect(modeOf(path.join(dir, 'exports'))).toBe(0o700);
      expect(modeOf(libraryFile(dir))).toBe(0o600);
    } finally {
      lib.close();
    }
  });
});
