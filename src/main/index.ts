// Electron main process: app lifecycle only. Opens the same library as the server and the command
// line (resolveDataDir), wires IPC to the library service, hardens every web-contents, opens the window.

import { app, BrowserWindow, dialog, ipcMain, session, shell } from 'electron';
import { join } from 'node:path';
import { QikanError } from '../shared/errors';
import { createI18n, normalizeLanguage } from '../shared/i18n';
import { openLibrary, type Library } from '../node/library/open-library';
import { resolveDataDir } from '../node/paths';
import { exportFileOfJob } from '../node/export/jobs';
import { createServices } from '../node/services';
import { uploadsOf } from '../node/uploads/upload-store';
import { createAccess } from '../node/auth/access';
import { appLocation } from './app-url';
import { registerIpcHandlers } from './ipc';
import { preferElectronSqliteBinding } from './native-binding';
import { installSecurity } from './security';
import { createMainWindow } from './window';

// Built layout: out/main/index.js next to out/preload and out/renderer.
const rendererIndexHtml = join(__dirname, '../renderer/index.html');
const preloadPath = join(__dirname, '../preload/index.js');
const projectRoot = join(__dirname, '../..');

function startupErrorText(err: unknown): string {
  if (err instanceof QikanError) {
    const t = createI18n(normalizeLanguage(app.getLocale())).t;
    return t(`errors:${err.code}`, { ...err.details, defaultValue: err.message });
  }
  return err instanceof Error ? err.message : String(err);
}

function main(): void {
  // One process per library: a second launch focuses the first window instead.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  const location = appLocation(rendererIndexHtml, app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL']);
  let library: Library | null = null;
  let unregisterIpc: () => void = () => undefined;
  let mainWindow: BrowserWindow | null = null;

  const openWindow = (): void => {
    mainWindow = createMainWindow({ preloadPath, location, title: app.name });
    mainWindow.on('closed', () => {
      mainWindow = null;
    });
  };

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('will-quit', () => {
    unregisterIpc();
    // Files sent but never used go with the window that sent them.
    if (library) uploadsOf(library).clear();
    library?.close();
    library = null;
  });

  void app.whenReady().then(() => {
    installSecurity({ app, defaultSession: session.defaultSession, isAppUrl: location.isAppUrl, log: console.warn });
    if (!app.isPackaged) preferElectronSqliteBinding(projectRoot, process.versions['electron']);
    try {
      library = openLibrary({ dataDir: resolveDataDir(process.argv) });
    } catch (err) {
      // Nothing was written: openLibrary leaves an unreadable file untouched.
      dialog.showErrorBox(app.name, startupErrorText(err));
      app.exit(1);
      return;
    }
    const lib = library;
    const access = createAccess(lib);
    unregisterIpc = registerIpcHandlers({
      ipcMain,
      access,
      handlers: {
        ...createServices(lib, access),
        // The desktop app shows the file in its folder instead of offering a download.
        revealExport: ({ jobId }) => {
          shell.showItemInFolder(exportFileOfJob(lib, jobId));
          return { revealed: true, downloadUrl: null };
        },
      },
      isTrustedSenderUrl: location.isAppUrl,
      uploads: uploadsOf(lib),
    });
    openWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow();
    });
  });
}

main();
