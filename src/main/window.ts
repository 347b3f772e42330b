// The main window: isolated, sandboxed renderer with the preload as its only bridge.

import { BrowserWindow } from 'electron';
import type { AppLocation } from './app-url';

export interface MainWindowOptions {
  preloadPath: string;
  location: AppLocation;
  title: string;
}

export function secureWebPreferences(preloadPath: string): Electron.WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    spellcheck: false,
  };
}

export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: opts.title,
    show: false,
    webPreferences: secureWebPreferences(opts.preloadPath),
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(opts.location.loadUrl);
  return win;
}
