/**
 * The idle screen: what to do, in large type, readable from across the
 * desk. In session mode it speaks to the people signing in.
 */
export function IdleScreen({ site, sessionMode = false }: { site: string | undefined; sessionMode?: boolean }) {
  return (
    <section className="kiosk-idle" aria-labelledby="idle-heading">
      <h1 id="idle-heading" className="kiosk-idle__heading" tabIndex={-1}>
        {sessionMode ? 'Scan your badge to sign in' : 'Scan a staff passport'}
      </h1>
      <ul className="kiosk-idle__ways">
        <li>Scan the barcode on the badge, or hold the badge on the reader</li>
        <li>Show the passport QR code to the camera</li>
        <li>Or type the badge number in the box</li>
      </ul>
      {site && <p className="kiosk-idle__site">{site}</p>}
    </section>
  );
}
