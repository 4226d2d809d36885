import { useEffect, useRef, useState } from 'react';
import { CameraReader, type CameraState } from './camera-reader';

/**
 * The camera: a device picker, the live picture and what the camera is
 * doing. The camera runs only while this panel is shown and the page is
 * visible; it stops (light off) otherwise.
 */
export function CameraPanel({ onCode }: { onCode(text: string): void }) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const [deviceId, setDeviceId] = useState<string>(() => localStorage.getItem('kiosk-camera') ?? '');
  const [state, setState] = useState<CameraState>({ kind: 'starting' });
  const [visible, setVisible] = useState(() => document.visibilityState === 'visible');
  const onCodeRef = useRef(onCode);
  onCodeRef.current = onCode;

  useEffect(() => {
    const onVis = () => setVisible(document.visibilityState === 'visible');
    document.addEventListener('visibilitychange', onVis);
    return () => document.removeEventListener('visibilitychange', onVis);
  }, []);

  useEffect(() => {
    const video = videoRef.current;
    if (!video || !visible) return;
    const reader = new CameraReader({
      video,
      deviceId: deviceId || undefined,
      onCode: (t) => onCodeRef.current(t),
      onState: (s) => {
        setState(s);
        // Labels are only given once permission is granted: list again after opening.
        if (s.kind === 'running') void listCameras().then(setDevices);
      },
    });
    reader.start();
    return () => reader.stop();
  }, [deviceId, visible]);

  useEffect(() => {
    void listCameras().then(setDevices);
    const onChange = () => void listCameras().then(setDevices);
    navigator.mediaDevices?.addEventListener('devicechange', onChange);
    return () => navigator.mediaDevices?.removeEventListener('devicechange', onChange);
  }, []);

  const choose = (id: string) => {
    localStorage.setItem('kiosk-camera', id);
    setDeviceId(id);
  };

  return (
    <section className="kiosk-camera" aria-labelledby="camera-heading">
      <h2 id="camera-heading" className="nhsuk-heading-s">
        Camera
      </h2>
      <div className="nhsuk-form-group">
        <label className="nhsuk-label" htmlFor="camera-device">
          Camera to use
        </label>
        <select className="nhsuk-select" id="camera-device" value={deviceId} onChange={(e) => choose(e.target.value)}>
          <option value="">Default camera</option>
          {devices.map((d, i) => (
            <option key={d.deviceId || i} value={d.deviceId}>
              {d.label || `Camera ${i + 1}`}
            </option>
          ))}
        </select>
      </div>
      <video ref={videoRef} className="kiosk-camera__video" muted playsInline aria-hidden="true" />
      <p className="kiosk-camera__state" data-testid="camera-state" data-state={state.kind} aria-live="polite">
        {describe(state)}
      </p>
    </section>
  );
}

async function listCameras(): Promise<MediaDeviceInfo[]> {
  if (!navigator.mediaDevices?.enumerateDevices) return [];
  const all = await navigator.mediaDevices.enumerateDevices();
  return all.filter((d) => d.kind === 'videoinput');
}

function describe(s: CameraState): string {
  switch (s.kind) {
    case 'starting':
      return 'Starting the camera…';
    case 'running':
      return `Hold a QR code or barcode up to the camera (${s.label}).`;
    case 'retrying':
      return `${s.why} Trying again in ${Math.round(s.inMs / 1000)} s.`;
    case 'stopped':
      return 'Camera off.';
  }
}
