// Sandboxed preload: exposes exactly the API methods as window.qikanTransport, each one an
// ipcRenderer.invoke on its own channel. Never ipcRenderer itself, never a generic invoke.

import { contextBridge, ipcRenderer } from 'electron';
import { API_METHODS, channelOf, type QikanTransport } from '../shared/api';

const transport = Object.fromEntries(
  API_METHODS.map((method) => [method, (input: unknown) => ipcRenderer.invoke(channelOf(method), input)]),
) as QikanTransport;

contextBridge.exposeInMainWorld('qikanTransport', transport);
