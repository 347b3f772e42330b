import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { blocksFromDoc } from '../../src/shared/article-doc';
import { createLibraryService } from '../../src/node/services/library-service';
import { saveLoopText } from './fixtures/save-loop-text';
import { openSampleLibrary, REPO_ROOT, removeTempDirs, tempDir } from './helpers';

afterEach(removeTempDirs);

const SAVES_BEFORE_KILL = 40;

/** Resolves once no process of the group is left (signal 0 only probes). */
async function groupGone(pgid: number): Promise<void> {
  for (;;) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('a save reported as done', () => {
  it('survives SIGKILL of the saving process', async () => {
    const dir = tempDir();
    openSampleLibrary(dir).close();

    const child = spawn(path.join(REPO_ROOT, 'node_modules/.bin/tsx'), ['tests/node/fixtures/save-loop.ts', dir], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      // tsx runs the script in a child node process: its own process group lets one signal reach both.
      detached: true,
    });
    const killAll = () => process.kill(-child.pid!, 'SIGKILL');
    // Never leave a saving process behind, whatever happens below.
    onTestFinished(() => {
      try {
        killAll();
      } catch {
        // already gone
      }
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let articleId = 0;
    let lastSaved = { n: 0, revision: 0 };
    let killed = false;
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      let buffered = '';
      child.stdout.on('data', (d: Buffer) => {
        buffered += d.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        for (const line of lines) {
          const [word, a, b] = line.split(' ');
          if (word === 'ready') articleId = Number(a);
          if (word === 'saved') lastSaved = { n: Number(a), revision: Number(b) };
        }
        // Kill mid-stream: the child is still saving when the signal lands.
        if (lastSaved.n >= SAVES_BEFORE_KILL && !killed) {
          killed = true;
          killAll();
          resolve();
        }
      });
      child.on('exit', () => (lastSaved.n >= SAVES_BEFORE_KILL ? resolve() : reject(new Error(`save loop ended early: ${stderr}`))));
    });
    expect(await exited).toBe('SIGKILL');
    await groupGone(child.pid!);

    const lib = openSampleLibrary(dir);
    try {
      expect(lib.db.pragma('quick_check', { simple: true })).toBe('ok');
      const article = createLibraryService(lib).getArticle({ articleId });
      expect(article.revision).toBeGreaterThanOrEqual(lastSaved.revision);
      const texts = blocksFromDoc(article.body).map((b) => b.text);
      const storedN = Number(/^第(\d+)次保存/.exec(texts[0] ?? '')?.[1]);
      expect(storedN).toBeGreaterThanOrEqual(lastSaved.n);
      // Exactly the text of that save, and the revision that save produced.
      expect(texts).toEqual(saveLoopText(storedN));
      expect(article.revision - storedN).toBe(lastSaved.revision - lastSaved.n);
    } finally {
      lib.close();
    }
  });
});
