import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import tls from 'node:tls';

/**
 * Extra certificate authorities for Node-side HTTPS: a trust's private CA,
 * or the CA of a TLS-inspecting proxy (`sync --ca FILE`, the machine
 * config's `ca`). They are *added* to Node's usual roots — a feed on a
 * public CA keeps working with a private CA configured.
 */

/** A CA file that cannot be used (missing, unreadable, or no PEM certificate in it). */
export class CaFileError extends Error {}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * Read a PEM file of one or more certificates and check each parses;
 * returns the certificates as PEM text. `label` names the setting in
 * messages (`--ca`, `"ca" in config file …`).
 */
export function readCaFile(file: string, label = '--ca'): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CaFileError(`${label} ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): expected a PEM file of CA certificates`);
  }
  const blocks = text.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) {
    throw new CaFileError(`${label} ${file} holds no PEM certificate: expected "-----BEGIN CERTIFICATE-----" blocks (export the CA certificate as Base-64/PEM, not DER)`);
  }
  blocks.forEach((pem, i) => {
    try {
      new X509Certificate(pem);
    } catch (e) {
      throw new CaFileError(`${label} ${file}: certificate ${i + 1} of ${blocks.length} is not a valid X.509 certificate (${(e as Error).message})`);
    }
  });
  return `${blocks.join('\n')}\n`;
}

/** The roots to trust: Node's defaults (bundled, plus NODE_EXTRA_CA_CERTS and any system store Node was told to use) and `extraPem`. */
export function trustedRoots(extraPem: string): string[] {
  return [...tls.getCACertificates('default'), ...(extraPem.match(PEM_BLOCK) ?? [])];
}
