/**
 * Offer an exported file for download: base64 → Blob → a temporary
 * `<a download>`. In browser mode the browser saves it (its downloads
 * folder or a save dialog); in Electron the session's `will-download`
 * shows a save dialog (Electron's default; nothing in the shell blocks
 * it). A blob: URL needs no CSP exception and is revoked straight after.
 */
export function downloadBase64(file: { fileName: string; mimeType: string; contentBase64: string }): void {
  const bytes = Uint8Array.from(atob(file.contentBase64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // Chromium has taken the blob by the time click() returns; revoke on the next turn to be safe.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A picked file's bytes as base64 (importRoster sends raw bytes, so the services can tell a non-UTF-8 file). */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}
