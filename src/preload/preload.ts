import { contextBridge, ipcRenderer } from 'electron';
import { buildKioskBridge } from './bridge';

/**
 * The preload (sandboxed, context-isolated): exposes the intent-level
 * API as `window.kiosk` and nothing else — never ipcRenderer itself.
 */
contextBridge.exposeInMainWorld('kiosk', buildKioskBridge(ipcRenderer));
