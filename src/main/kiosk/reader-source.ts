import type { ReaderManager, ReaderStatus } from '../readers/device-manager';
import type { ReaderStateDto } from '../../shared/kiosk-api';
import type { ReaderSource } from './kiosk-service';

/** The readers' manager (src/main/readers) as the kiosk services see it. */
export function readerSourceFrom(manager: Pick<ReaderManager, 'status' | 'onEvent'>): ReaderSource {
  const toDto = (s: ReaderStatus): ReaderStateDto => ({
    id: s.id,
    name: s.name,
    state: s.state,
    ...(s.state !== 'connected' && s.message ? { detail: s.message } : {}),
  });
  return {
    states: () => manager.status().map(toDto),
    onStates: (listener) =>
      // The manager reports one reader at a time; the screens want the whole list.
      manager.onEvent((e) => {
        if (e.type === 'state') listener(manager.status().map(toDto));
      }),
    onScan: (listener) =>
      manager.onEvent((e) => {
        if (e.type === 'scan') listener({ payload: e.payload, readerId: e.readerId });
      }),
  };
}
