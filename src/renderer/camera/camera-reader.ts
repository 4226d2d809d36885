import { decodeRgba, type DecodeStrategy } from '../../shared/barcode/decode';

/**
 * Reads QR codes and barcodes from a camera, calmly and robustly:
 *
 * - frames are grabbed onto a canvas a few times a second and decoded with
 *   the kiosk's one decoder (src/shared/barcode, the same code as
 *   `passport-kiosk decode-image`), a fresh zxing reader per frame — not
 *   zxing's own continuous loop, which is known to stop after a few scans
 *   and to spin the CPU;
 * - the same code held in view is reported once, not five times a second;
 * - when the camera drops (track `ended`, getUserMedia failing) it is
 *   reopened with back-off, without anyone touching the kiosk.
 */

export type CameraState =
  | { kind: 'starting' }
  | { kind: 'running'; label: string }
  | { kind: 'retrying'; inMs: number; why: string }
  | { kind: 'stopped' };

export interface CameraReaderOptions {
  video: HTMLVideoElement;
  /** A chosen camera, or undefined for the default one. */
  deviceId?: string;
  onCode(text: string): void;
  onState(state: CameraState): void;
  /** Decode attempts per second; default 5. */
  fps?: number;
  /** Longest side of the frame handed to the decoder; default 800 px. */
  maxSide?: number;
  /** Milliseconds the same code is ignored after it leaves the view; default 3000. */
  repeatMs?: number;
}

/** Only the cheap strategy on live video: the next frame is another try. */
const LIVE_STRATEGIES: readonly DecodeStrategy[] = ['hybrid'];

export class CameraReader {
  private stream: MediaStream | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private backoff = 1000;
  private stopped = false;
  private lastText = '';
  private lastSeen = 0;
  private readonly canvas = document.createElement('canvas');

  constructor(private readonly o: CameraReaderOptions) {}

  start(): void {
    this.stopped = false;
    void this.open();
  }

  private async open(): Promise<void> {
    this.o.onState({ kind: 'starting' });
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        audio: false,
        video: this.o.deviceId ? { deviceId: { exact: this.o.deviceId } } : { facingMode: 'user' },
      });
      if (this.stopped) return stopTracks(stream);
      this.stream = stream;
      const track = stream.getVideoTracks()[0];
      track?.addEventListener('ended', () => this.recover('The camera stopped sending pictures.'));
      this.o.video.srcObject = stream;
      await this.o.video.play().catch(() => undefined);
      this.backoff = 1000;
      this.o.onState({ kind: 'running', label: track?.label || 'Camera' });
      this.timer = setInterval(() => this.tick(), 1000 / (this.o.fps ?? 5));
    } catch (e) {
      this.recover(`The camera could not be opened (${(e as Error).name}).`);
    }
  }

  private recover(why: string): void {
    if (this.stopped) return;
    this.release();
    const inMs = this.backoff;
    this.backoff = Math.min(this.backoff * 2, 30_000);
    this.o.onState({ kind: 'retrying', inMs, why });
    this.retry = setTimeout(() => void this.open(), inMs);
  }

  private tick(): void {
    const v = this.o.video;
    if (v.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || v.videoWidth === 0) return;
    const scale = Math.min(1, (this.o.maxSide ?? 800) / Math.max(v.videoWidth, v.videoHeight));
    const w = Math.round(v.videoWidth * scale);
    const h = Math.round(v.videoHeight * scale);
    if (this.canvas.width !== w) this.canvas.width = w;
    if (this.canvas.height !== h) this.canvas.height = h;
    const g = this.canvas.getContext('2d', { willReadFrequently: true });
    if (!g) return;
    g.drawImage(v, 0, 0, w, h);
    const found = decodeRgba(g.getImageData(0, 0, w, h), { strategies: LIVE_STRATEGIES });
    const now = performance.now();
    if (!found) return;
    const repeat = found.text === this.lastText && now - this.lastSeen < (this.o.repeatMs ?? 3000);
    this.lastText = found.text;
    this.lastSeen = now;
    if (!repeat) this.o.onCode(found.text);
  }

  private release(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    if (this.stream) stopTracks(this.stream);
    this.stream = null;
    this.o.video.srcObject = null;
  }

  /** Stop the camera (its light goes off) and every timer. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    this.release();
    this.o.onState({ kind: 'stopped' });
  }
}

function stopTracks(stream: MediaStream): void {
  for (const t of stream.getTracks()) t.stop();
}
