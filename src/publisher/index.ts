/**
 * The reference publisher's programmatic API (hub side): keys, signing,
 * publishing a feed folder, reading a feed's state back. The CLI
 * (`passport-feed`, src/cli/feed) and the tests use only this.
 */
export {
  generateKeyPair,
  keyPairFromSeed,
  publicKeyOf,
  readPrivateKeyFile,
  readPublicKeyFile,
  privateKeyJwkSchema,
  publicKeyJwkSchema,
  KeyFileError,
  type PrivateKeyJwk,
  type PublicKeyJwk,
} from './keys';
export { signRecord, signToken, signManifest, signCompact, decodePayloadUnverified } from './sign';
export {
  publish,
  instant,
  PublishError,
  DEFAULT_LOG_KEEP,
  DEFAULT_LOG_LIMIT,
  DEFAULT_SEGMENT_MAX_RECORDS,
  DEFAULT_VALIDITY_HOURS,
  type PublishOptions,
} from './publish';
export {
  readFeedState,
  readManifestUnverified,
  readSegmentLines,
  recordKey,
  FeedStateError,
  type FeedState,
  type StateRecord,
} from './feed-state';
export { sha256Hex } from './feed-files';
export {
  publishToAzure,
  contentTypeFor,
  AzurePublishError,
  IMMUTABLE_CACHE_CONTROL,
  MANIFEST_CACHE_CONTROL,
  MANIFEST_CONTENT_TYPE,
  type AzurePublishOptions,
  type AzurePublishResult,
} from './azure-publish';
export type { Manifest } from '../core/schemas/feed';
export type { TrustList } from '../core/schemas/trust-list';
export type { TokenPayload } from '../core/schemas/token';
