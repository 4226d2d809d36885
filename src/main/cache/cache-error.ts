/** The cache cannot be opened or is not usable; the message names the file and what to do. */
export class CacheError extends Error {}
