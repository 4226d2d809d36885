import { X509Certificate } from 'node:crypto';
import http from 'node:http';
import { isIP } from 'node:net';
import tls from 'node:tls';

/**
 * Turning a refused TLS certificate into one line a person can act on:
 * which host, which certificate (subject and issuer), why (unknown issuer,
 * expired, wrong host name) and what to do. Verification itself stays
 * Node's (undici's connector, `rejectUnauthorized` untouched); only after it
 * has refused does a probe connection read the certificate the server
 * presents, to name it — sending nothing over it.
 */

/** OpenSSL verification codes meaning "signed by a CA this machine does not trust". */
const UNKNOWN_ISSUER = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
]);
const OTHER_VERIFY = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'INVALID_CA',
  'INVALID_PURPOSE',
  'PATH_LENGTH_EXCEEDED',
  'CERT_CHAIN_TOO_LONG',
  'HOSTNAME_MISMATCH',
]);

/** What the probe (or Node's own error) tells about the certificate. */
export interface CertSummary {
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  /** `subjectAltName` as Node prints it (`DNS:a, IP Address:1.2.3.4`), or ''. */
  altNames: string;
}

/** The certificate-verification error in an error's cause chain (undici wraps it once or twice), or null. */
export function findTlsVerifyError(e: unknown): (Error & { code: string; cert?: tls.PeerCertificate }) | null {
  let cur = e as (Error & { code?: unknown; cause?: unknown }) | undefined;
  for (let depth = 0; cur && depth < 6; depth++) {
    if (typeof cur.code === 'string' && (UNKNOWN_ISSUER.has(cur.code) || OTHER_VERIFY.has(cur.code))) {
      return cur as Error & { code: string };
    }
    cur = cur.cause as typeof cur;
  }
  return null;
}

const oneLineName = (dn: string) => dn.split('\n').filter(Boolean).join(', ');

function summarise(cert: tls.PeerCertificate | undefined | null): CertSummary | null {
  if (!cert || !cert.raw) return null;
  try {
    const x = new X509Certificate(cert.raw);
    return { subject: oneLineName(x.subject), issuer: oneLineName(x.issuer), validFrom: x.validFrom, validTo: x.validTo, altNames: x.subjectAltName ?? '' };
  } catch {
    return null;
  }
}

/**
 * Connect to `url`'s host (directly, or through an http:// proxy with
 * CONNECT) without verifying, read the certificate it presents, close.
 * Null when it cannot (an https:// proxy, a network error, `timeoutMs`).
 */
export function probeCertificate(url: URL, proxy: URL | null, timeoutMs = 5000): Promise<CertSummary | null> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port) || 443;
  const servername = isIP(host) ? undefined : host;
  return new Promise((resolve) => {
    const cleanups: Array<() => void> = [];
    let done = false;
    const finish = (v: CertSummary | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      // Innermost first: the TLS socket, then the tunnel under it, then the CONNECT request.
      cleanups.reverse().forEach((c) => c());
      resolve(v);
    };
    const timer = setTimeout(() => finish(null), timeoutMs);
    timer.unref();
    const handshake = (socket?: import('node:net').Socket) => {
      const t = tls.connect({ host, port, servername, rejectUnauthorized: false, ...(socket && { socket }) });
      cleanups.push(() => t.destroy());
      t.once('secureConnect', () => finish(summarise(t.getPeerCertificate())));
      t.once('error', () => finish(null));
    };
    if (!proxy) return handshake();
    if (proxy.protocol !== 'http:') return finish(null);
    const auth = proxy.username ? `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}` : undefined;
    const req = http.request({
      host: proxy.hostname.replace(/^\[|\]$/g, ''),
      port: Number(proxy.port) || 80,
      method: 'CONNECT',
      path: `${url.hostname}:${port}`,
      headers: { host: `${url.hostname}:${port}`, ...(auth && { 'proxy-authorization': auth }) },
    });
    cleanups.push(() => req.destroy());
    req.once('connect', (res, socket) => {
      cleanups.push(() => socket.destroy());
      if (res.statusCode !== 200) return finish(null);
      handshake(socket);
    });
    req.once('error', () => finish(null));
    req.end();
  });
}

const FIX_CA = 'if this network uses a private CA, or a TLS-inspecting proxy that re-signs traffic, give that CA certificate (PEM) with --ca FILE, or "ca" in the machine config';

/**
 * One line for a refused certificate: the host, the certificate (subject,
 * issuer) when known, why, and what to do.
 */
export function describeTlsFailure(url: URL, err: Error & { code: string; cert?: tls.PeerCertificate }, cert: CertSummary | null, extraCa = false): string {
  const host = url.host;
  const name = url.hostname.replace(/^\[|\]$/g, '');
  const known = summarise(err.cert) ?? cert;
  const which = known ? `the TLS certificate of ${host} ("${known.subject}", issued by "${known.issuer}")` : `the TLS certificate of ${host}`;
  const code = err.code;
  if (UNKNOWN_ISSUER.has(code)) {
    const trusted = extraCa ? 'this machine trusts, the extra CA certificates given included' : 'this machine trusts';
    return `${which} is not signed by a certificate authority ${trusted} (unknown issuer, ${code}): ${FIX_CA}`;
  }
  if (code === 'CERT_HAS_EXPIRED') {
    return `${which} expired${known ? ` on ${known.validTo}` : ''} (${code}): the server's certificate must be renewed (check this machine's clock too)`;
  }
  if (code === 'CERT_NOT_YET_VALID') {
    return `${which} is not valid yet${known ? ` (from ${known.validFrom})` : ''} (${code}): check this machine's date and time`;
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'HOSTNAME_MISMATCH') {
    const names = known?.altNames ? `is for ${known.altNames}, not ${name}` : `does not name ${name}`;
    return `${which} ${names} (wrong host name, ${code}): use the host name the certificate names in the feed URL, or have the certificate reissued for ${name}`;
  }
  return `${which} was refused (${code}: ${err.message}): ${FIX_CA}`;
}
