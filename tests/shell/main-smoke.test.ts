// Loads the BUILT main bundle (out/main/index.js, from `electron-vite build`) under Node with a
// stand-in 'electron' module and a temporary library, then checks the shell's security settings and
// that IPC reaches the real SQLite only from the app's own frame.

import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openLibrary } from '../../src/node/library/open-library';
import { API_METHODS, channelOf } from '../../src/shared/api';
import { IPC_UPLOAD_CHANNEL } from '../../src/shared/uploads';
import type { Role } from '../../src/shared/auth';
import { addPerson, TEST_PASSWORD } from '../support/people';
import { createFakeElectron } from './fake-electron';

const root = resolve(__dirname, '../..');
const mainBundle = join(root, 'out/main/index.js');
const preloadBundle = join(root, 'out/preload/index.js');
const appUrl = pathToFileURL(join(root, 'out/renderer/index.html')).href;
const nodeRequire = createRequire(__filename);

type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;
const moduleWithLoad = Module as unknown as { _load: Loader };

async function bootMain(dataDir: string) {
  const fake = createFakeElectron();
  const originalLoad = moduleWithLoad._load;
  const originalArgv = process.argv;
  moduleWithLoad._load = function (request, parent, isMain) {
    if (request === 'electron') return fake.module;
    return originalLoad.call(this, request, parent, isMain);
  };
  process.argv = [process.execPath, root, '--data', dataDir];
  try {
    delete nodeRequire.cache[mainBundle];
    nodeRequire(mainBundle);
    fake.markReady();
    // whenReady().then(...) runs on the microtask queue; give it a few turns.
    for (let i = 0; i < 50 && fake.windows.length === 0 && fake.errorBoxes.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    moduleWithLoad._load = originalLoad;
    process.argv = originalArgv;
  }
  return fake;
}

function invoke(fake: ReturnType<typeof createFakeElectron>, method: string, input: unknown, senderUrl: string | null) {
  const handler = fake.ipcHandlers.get(channelOf(method as never));
  if (!handler) throw new Error(`no handler for ${method}`);
  return handler({ senderFrame: senderUrl === null ? null : { url: senderUrl } }, input) as Promise<any>;
}

/** Makes the library at dataDir with these people (login → roles) before the app opens it. */
async function withPeople(dataDir: string, people: Record<string, readonly Role[]>): Promise<void> {
  const lib = openLibrary({ dataDir });
  try {
    for (const [login, roles] of Object.entries(people)) await addPerson(lib, login, roles, login);
  } finally {
    lib.close();
  }
}

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'qikan-main-smoke-'));
  dirs.push(d);
  return d;
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

beforeAll(() => {
  if (!existsSync(mainBundle) || !existsSync(preloadBundle)) {
    throw new Error('out/main or out/preload is missing: run `npx electron-vite build` first (npm test does).');
  }
});

describe('built main process under a stand-in electron', () => {
  it('opens one window with locked-down webPreferences and the preload', async () => {
    const fake = await bootMain(tempDir());
    expect(fake.errorBoxes).toEqual([]);
    expect(fake.windows).toHaveLength(1);
    const win = fake.windows[0]!;
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: join(root, 'out/preload/index.js'),
    });
    expect(win.loadedUrl).toBe(appUrl);
    fake.app.emit('will-quit');
  });

  it('denies new windows, foreign navigation, webviews and permissions', async () => {
    const fake = await bootMain(tempDir());
    const contents = fake.windows[0]!.webContents;
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: appUrl })).toEqual({ action: 'deny' });

    const navigate = (event: string, url: string): boolean => {
      let prevented = false;
      contents.emit(event, { url, preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    expect(navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(navigate('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(navigate('will-navigate', pathToFileURL(join(root, 'out/renderer/other.html')).href)).toBe(true);
    expect(navigate('will-redirect', 'https://evil.example/')).toBe(true);
    expect(navigate('will-navigate', appUrl)).toBe(false);
    expect(navigate('will-navigate', `${appUrl}#/issue/1`)).toBe(false);

    let webviewPrevented = false;
    contents.emit('will-attach-webview', { preventDefault: () => (webviewPrevented = true) }, {}, {});
    expect(webviewPrevented).toBe(true);

    for (const session of [fake.module.session.defaultSession, contents.session]) {
      const answers: boolean[] = [];
      session.permissionRequestHandler?.(contents, 'media', (granted: boolean) => answers.push(granted));
      session.permissionRequestHandler?.(contents, 'notifications', (granted: boolean) => answers.push(granted));
      expect(answers).toEqual([false, false]);
      expect(session.permissionCheckHandler?.(contents, 'clipboard-read')).toBe(false);
    }
    fake.app.emit('will-quit');
  });

  it('registers exactly one IPC handler per API method, and the upload channel', async () => {
    const fake = await bootMain(tempDir());
    expect([...fake.ipcHandlers.keys()].sort()).toEqual([...API_METHODS.map(channelOf), IPC_UPLOAD_CHANNEL].sort());
    fake.app.emit('will-quit');
    expect(fake.ipcHandlers.size).toBe(0);
  });

  it('refuses foreign frames, validates payloads and persists calls from the app frame', async () => {
    const dataDir = tempDir();
    // One person: the desktop logs them in by itself.
    await withPeople(dataDir, { wang: ['主编'] });
    const fake = await bootMain(dataDir);
    const issues = await invoke(fake, 'listIssues', {}, appUrl);
    expect(issues.ok).toBe(true);
    const issueId = issues.value[0].id as number;
    const outline = await invoke(fake, 'getIssueOutline', { issueId }, appUrl);
    const section = outline.value.sections[0] as { id: number; name: string };

    for (const foreign of ['https://evil.example/index.html', 'file:///tmp/index.html', null]) {
      const refused = await invoke(fake, 'renameSection', { sectionId: section.id, name: 'Hijacked' }, foreign);
      expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    const unchanged = await invoke(fake, 'getIssueOutline', { issueId }, appUrl);
    expect(unchanged.value.sections[0].name).toBe(section.name);

    const malformed = await invoke(fake, 'renameSection', { sectionId: 'one', name: 'X' }, appUrl);
    expect(malformed).toMatchObject({ ok: false, error: { code: 'invalid_request', details: { path: 'sectionId' } } });

    const renamed = await invoke(fake, 'renameSection', { sectionId: section.id, name: '代表风采 (renamed)' }, appUrl);
    expect(renamed).toMatchObject({ ok: true, value: { id: section.id, name: '代表风采 (renamed)' } });
    // Logging out of a one-person library means it: the window is not logged in again by itself.
    expect((await invoke(fake, 'logout', {}, appUrl)).ok).toBe(true);
    expect(await invoke(fake, 'listIssues', {}, appUrl)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    fake.app.emit('will-quit');

    // Read the file directly: the rename reached SQLite, the refused calls did not.
    const db = new Database(join(dataDir, 'library.sqlite'), { readonly: true });
    try {
      const names = db.prepare('SELECT name FROM section').all() as Array<{ name: string }>;
      expect(names.map((r) => r.name)).toContain('代表风采 (renamed)');
      expect(names.map((r) => r.name)).not.toContain('Hijacked');
    } finally {
      db.close();
    }
  });

  it('takes a file as its bytes in one message, for the person signed in, and the call that names it uses it up', async () => {
    const dataDir = tempDir();
    await withPeople(dataDir, { wang: ['主编'], li: ['校对'] });
    const fake = await bootMain(dataDir);
    const upload = fake.ipcHandlers.get(IPC_UPLOAD_CHANNEL)!;
    const send = (kind: unknown, name: unknown, data: unknown, url: string | null = appUrl) =>
      upload({ senderFrame: url === null ? null : { url }, sender: { id: 1 } }, kind, name, data) as Promise<any>;
    const font = new TextEncoder().encode('not a font at all').buffer;
    // Nobody is signed in yet; a foreign frame never is.
    expect(await send('font', 'x.ttf', font)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await send('font', 'x.ttf', font, 'https://evil.example/')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const login = (await fake.ipcHandlers.get(channelOf('login'))!({ senderFrame: { url: appUrl }, sender: { id: 1 } }, { login: 'wang', password: TEST_PASSWORD })) as any;
    expect(login.ok).toBe(true);
    expect(await send('video', 'x.ttf', font)).toMatchObject({ ok: false, error: { code: 'invalid_request', details: { path: 'kind' } } });
    expect(await send('font', '', font)).toMatchObject({ ok: false, error: { code: 'invalid_request', details: { path: 'fileName' } } });
    expect(await send('font', 'x.ttf', 'bm90IGJ5dGVz')).toMatchObject({ ok: false, error: { code: 'invalid_request', details: { path: 'data' } } });
    const sent = await send('font', '../../方正书宋.ttf', font);
    expect(sent).toMatchObject({ ok: true, value: { kind: 'font', fileName: '方正书宋.ttf', size: font.byteLength } });
    const waiting = join(dataDir, 'uploads', `${process.pid}-${sent.value.uploadId}`);
    expect(readFileSync(waiting, 'utf8')).toBe('not a font at all');
    const addFont = (input: unknown) => fake.ipcHandlers.get(channelOf('addFont'))!({ senderFrame: { url: appUrl }, sender: { id: 1 } }, input) as Promise<any>;
    // The font check reads the uploaded bytes and names the file it was sent as.
    expect(await addFont({ upload: sent.value.uploadId })).toMatchObject({ ok: false, error: { code: 'import_invalid', details: { file: '方正书宋.ttf', reason: 'not_a_font' } } });
    fake.app.emit('will-quit');
    // Quitting removes what was never used.
    expect(existsSync(waiting)).toBe(false);
  });

  it('asks a library of two people for a login, per window, and keeps the session in the main process', async () => {
    const dataDir = tempDir();
    await withPeople(dataDir, { wang: ['主编'], li: ['校对'] });
    const fake = await bootMain(dataDir);
    const refused = await invoke(fake, 'listIssues', {}, appUrl);
    expect(refused).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    const state = await invoke(fake, 'getAuthState', {}, appUrl);
    expect(state).toMatchObject({ ok: true, value: { needsSetup: false, setupAllowed: true, me: null } });
    const login = await invoke(fake, 'login', { login: 'li', password: TEST_PASSWORD }, appUrl);
    expect(login).toMatchObject({ ok: true, value: { me: { login: 'li', roles: ['校对'] } } });
    // The renderer never sees the token.
    expect(JSON.stringify(login)).not.toMatch(/token/i);
    expect((await invoke(fake, 'listIssues', {}, appUrl)).ok).toBe(true);
    const forbidden = await invoke(fake, 'deleteSection', { sectionId: 1 }, appUrl);
    expect(forbidden).toMatchObject({ ok: false, error: { code: 'forbidden', details: { reason: 'role' } } });
    expect((await invoke(fake, 'logout', {}, appUrl)).ok).toBe(true);
    expect(await invoke(fake, 'listIssues', {}, appUrl)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    fake.app.emit('will-quit');
  });

  it('shows the locale error text and exits for an unreadable library, leaving the file untouched', async () => {
    const dataDir = tempDir();
    const file = join(dataDir, 'library.sqlite');
    const junk = 'this is not a database\n'.repeat(100);
    writeFileSync(file, junk);
    const fake = await bootMain(dataDir);
    expect(fake.windows).toHaveLength(0);
    expect(fake.app.exitCodes).toEqual([1]);
    expect(fake.errorBoxes).toHaveLength(1);
    expect(fake.errorBoxes[0]!.content).toContain(file);
    expect(fake.ipcHandlers.size).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(junk);
  });
});

describe('built preload', () => {
  it('requires nothing but electron (a sandboxed preload cannot load node_modules)', () => {
    const code = readFileSync(preloadBundle, 'utf8');
    const required = [...code.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
  });

  it('exposes exactly the API methods as qikanTransport, each invoking its own channel', async () => {
    const exposed = new Map<string, Record<string, (input: unknown) => Promise<unknown>>>();
    const invoked: unknown[][] = [];
    const fakeElectron = {
      contextBridge: { exposeInMainWorld: (key: string, api: Record<string, (input: unknown) => Promise<unknown>>) => exposed.set(key, api) },
      ipcRenderer: { invoke: (channel: string, ...args: unknown[]) => (invoked.push([channel, ...args]), Promise.resolve({ ok: true, value: channel })) },
    };
    const originalLoad = moduleWithLoad._load;
    moduleWithLoad._load = function (request, parent, isMain) {
      if (request === 'electron') return fakeElectron;
      return originalLoad.call(this, request, parent, isMain);
    };
    try {
      delete nodeRequire.cache[preloadBundle];
      nodeRequire(preloadBundle);
    } finally {
      moduleWithLoad._load = originalLoad;
    }
    expect([...exposed.keys()]).toEqual(['qikanTransport']);
    const transport = exposed.get('qikanTransport')!;
    expect(Object.keys(transport).sort()).toEqual([...API_METHODS, 'upload'].sort());
    await expect(transport.renameSection!({ sectionId: 1, name: 'A' })).resolves.toEqual({ ok: true, value: channelOf('renameSection') });
    expect(invoked).toEqual([[channelOf('renameSection'), { sectionId: 1, name: 'A' }]]);
    const bytes = new Uint8Array([1, 2, 3]).buffer;
    await (transport.upload as unknown as (k: string, n: string, d: ArrayBuffer) => Promise<unknown>)('photo', 'a.jpg', bytes);
    expect(invoked[1]).toEqual([IPC_UPLOAD_CHANNEL, 'photo', 'a.jpg', bytes]);
  });
});
