import { writeFile } from 'node:fs/promises';
import QRCode from 'qrcode';
import type { TokenPayload } from '../../core/schemas/token';
import type { PrivateKeyJwk } from '../keys';
import { signToken } from '../sign';
import type { DemoData, DemoPerson } from './generate';

/**
 * QR tokens (scan.md) for demo staff, one per token situation: valid,
 * behind the feed (DATA_BEHIND), expired, for an erased passport
 * (PASSPORT_NOT_IN_CACHE), signed with the compromised key or by another
 * issuer (KEY_UNTRUSTED), and tampered with (SIGNATURE_INVALID).
 */

export interface DemoToken {
  /** File name stem under tokens/. */
  name: string;
  scenario: string;
  token: string;
  person: DemoPerson;
  /** Also written as a QR PNG. */
  png: boolean;
  note: string;
}

const ISSUED = Date.parse('2026-11-20T09:00:00Z') / 1000;
const YEAR = 365 * 86_400;

function payload(p: DemoPerson, patch: Partial<TokenPayload> = {}): TokenPayload {
  const rec = p.later ?? p.record;
  return { v: 1, pid: rec.id, iss: rec.iss, rev: rec.rev, iat: ISSUED, exp: ISSUED + YEAR, ...patch };
}

/** Render `text` as a QR code PNG (error correction M, the usual for badges). */
export function qrPng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 4 });
}

/** Write a QR PNG of `text` to `file`. */
export async function writeQrPng(file: string, text: string): Promise<void> {
  await writeFile(file, await qrPng(text));
}

export async function makeDemoTokens(data: DemoData): Promise<DemoToken[]> {
  const find = (scenario: string, skip = 0) => data.people.filter((p) => p.scenario === scenario)[skip]!;
  const activeKey = (p: DemoPerson): PrivateKeyJwk => data.keyring.active.get(p.trust.ods)!.private;
  const cleared = find('cleared');
  const behind = find('cleared', 1);
  const expired = find('cleared', 2);
  const erased = find('erased');
  const compromised = find('compromised-key');
  const foreign = find('cleared', 3);
  const otherTrust = data.trusts.find((t) => t.ods !== foreign.trust.ods)!;
  const good = await signToken(payload(cleared), activeKey(cleared));
  // Flip one character in the middle of the signature: still base64url, no longer valid.
  const sig = good.lastIndexOf('.') + 10;
  const tampered = `${good.slice(0, sig)}${good[sig] === 'A' ? 'B' : 'A'}${good.slice(sig + 1)}`;
  return [
    { name: 'cleared', scenario: 'token-valid', token: good, person: cleared, png: true, note: 'A valid token for a cleared passport' },
    {
      name: 'data-behind',
      scenario: 'token-newer-than-feed',
      token: await signToken(payload(behind, { rev: (behind.later ?? behind.record).rev + 1 }), activeKey(behind)),
      person: behind,
      png: true,
      note: 'The token names a newer revision than the feed holds',
    },
    {
      name: 'expired',
      scenario: 'token-expired',
      token: await signToken(payload(expired, { iat: ISSUED - YEAR, exp: Date.parse('2026-11-01T00:00:00Z') / 1000 }), activeKey(expired)),
      person: expired,
      png: true,
      note: 'Expired on 1 November 2026',
    },
    {
      name: 'erased',
      scenario: 'token-passport-erased',
      token: await signToken(payload(erased, { rev: 1 }), activeKey(erased)),
      person: erased,
      png: false,
      note: 'The passport it names has been erased',
    },
    {
      name: 'compromised-key',
      scenario: 'token-compromised-key',
      token: await signToken(payload(compromised), data.keyring.compromised.private),
      person: compromised,
      png: false,
      note: 'Signed with a key the trust list marks compromised',
    },
    {
      name: 'other-issuer',
      scenario: 'token-other-issuer',
      token: await signToken(payload(foreign, { iss: otherTrust.ods }), data.keyring.active.get(otherTrust.ods)!.private),
      person: foreign,
      png: false,
      note: `Signed by ${otherTrust.ods} for a passport ${foreign.trust.ods} issued`,
    },
    { name: 'tampered', scenario: 'token-tampered', token: tampered, person: cleared, png: false, note: 'One character of the signature changed' },
  ];
}
