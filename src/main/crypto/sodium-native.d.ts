/** The one function of sodium-native (which ships no types) the kiosk uses. */
declare module 'sodium-native' {
  /** libsodium's `crypto_sign_verify_detached`: throws if `signature` is not 64 bytes or `publicKey` not 32. */
  export function crypto_sign_verify_detached(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
}
