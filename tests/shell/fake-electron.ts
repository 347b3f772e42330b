// A stand-in for the 'electron' module, enough for the built main bundle to run under Node:
// records windows, web-contents listeners, permission handlers and IPC handlers for assertions.

import { EventEmitter } from 'node:events';

type Handler = (...args: any[]) => unknown;

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  readonly session = new FakeSession();
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
}

export class FakeSession {
  permissionRequestHandler: Handler | null = null;
  permissionCheckHandler: Handler | null = null;
  setPermissionRequestHandler(handler: Handler): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: Handler): void {
    this.permissionCheckHandler = handler;
  }
}

export function createFakeElectron() {
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    name: 'Qikan Studio',
    quitCalls: 0,
    exitCodes: [] as number[],
    whenReady: () => ready,
    requestSingleInstanceLock: () => true,
    getLocale: () => 'en-US',
    quit() {
      app.quitCalls++;
    },
    exit(code: number) {
      app.exitCodes.push(code);
    },
  });
  const windows: FakeBrowserWindow[] = [];
  class FakeBrowserWindow extends EventEmitter {
    readonly webContents = new FakeWebContents();
    loadedUrl: string | null = null;
    constructor(readonly options: { webPreferences: Record<string, unknown> } & Record<string, unknown>) {
      super();
      windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    loadURL(url: string): Promise<void> {
      this.loadedUrl = url;
      return Promise.resolve();
    }
    show(): void {}
    focus(): void {}
    restore(): void {}
    isMinimized(): boolean {
      return false;
    }
    static getAllWindows(): FakeBrowserWindow[] {
      return windows;
    }
  }
  const ipcHandlers = new Map<string, Handler>();
  const ipcMain = {
    handle(channel: string, handler: Handler) {
      if (ipcHandlers.has(channel)) throw new Error(`second handler for ${channel}`);
      ipcHandlers.set(channel, handler);
    },
    removeHandler(channel: string) {
      ipcHandlers.delete(channel);
    },
  };
  const errorBoxes: Array<{ title: string; content: string }> = [];
  const module = {
    app,
    BrowserWindow: FakeBrowserWindow,
    ipcMain,
    session: { defaultSession: new FakeSession() },
    dialog: {
      showErrorBox(title: string, content: string) {
        errorBoxes.push({ title, content });
      },
    },
    shell: { openExternal: () => Promise.resolve() },
  };
  return { module, app, windows, ipcHandlers, errorBoxes, markReady };
}
