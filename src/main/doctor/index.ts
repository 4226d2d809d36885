/** Doctor: the kiosk's self-checks as plain findings (the CLI's `doctor`, and the app later). */
export { checkCache, type CacheInspection } from './check-cache';
export { inspectConfig, type ConfigInspection } from './check-config';
export { checkFeed } from './check-feed';
export { checkPolicy } from './check-policy';
export { checkReaders } from './check-readers';
export { CHECKS, type CheckName, type Finding, type FindingStatus } from './findings';
export { cacheFileFor, defaultCacheFile, feedFor, type FeedSetting } from '../config/kiosk-paths';
export { runDoctor, type DoctorOptions, type DoctorReport } from './run-doctor';
