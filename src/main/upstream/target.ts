import { FolderSender } from './folder-sender';
import { HttpSender, type HttpSenderOptions } from './http-sender';
import type { Sender } from './sender';

/** The machine config's `upstream`, or `outbox flush --to`. */
export type UpstreamSetting = { url: string } | { folder: string };

/** `--to URL|DIR`: a URL when it has a scheme, else a folder. */
export function settingFromTo(to: string): UpstreamSetting {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(to) ? { url: to } : { folder: to };
}

/** The sender for a setting; throws UpstreamError for an http:// endpoint off loopback. */
export function senderFor(setting: UpstreamSetting, kioskId: string, http: HttpSenderOptions = {}): Sender {
  return 'url' in setting ? new HttpSender(setting.url, http) : new FolderSender(setting.folder, kioskId);
}

/** Where a setting points, for messages and doctor. */
export const describeSetting = (s: UpstreamSetting): string => ('url' in s ? s.url : s.folder);
