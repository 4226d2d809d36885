import { CompactSign, importJWK } from 'jose';
import { eventHeader } from '../../core/upstream/events';
import type { KioskIdentity } from './identity';

/**
 * Sign an event payload with the kiosk's key: jose's CompactSign, with the
 * header the core defines (`{"alg":"EdDSA","kid":<kiosk id>,"typ":"kiosk-event+jws"}`).
 * The kiosk does not import src/publisher (its signing is the hub's), so
 * the few lines that call jose live here. Ed25519 is deterministic: the
 * same payload always signs to the same JWS.
 */

type SigningKey = Awaited<ReturnType<typeof importJWK>>;
const imported = new Map<string, Promise<SigningKey>>();

function keyOf(identity: KioskIdentity): Promise<SigningKey> {
  const { x, d } = identity.privateJwk;
  let key = imported.get(x);
  if (!key) {
    key = importJWK({ kty: 'OKP', crv: 'Ed25519', x, d }, 'EdDSA');
    imported.set(x, key);
    key.catch(() => imported.delete(x));
  }
  return key;
}

const utf8 = new TextEncoder();

/** The compact JWS of `payload` (the exact JSON text kept in the outbox). */
export async function signEvent(payload: string, identity: KioskIdentity): Promise<string> {
  return new CompactSign(utf8.encode(payload)).setProtectedHeader(eventHeader(identity.kioskId)).sign(await keyOf(identity));
}
