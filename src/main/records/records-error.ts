/** The records file cannot be opened or used; the message names the file and what to do. */
export class RecordsError extends Error {}
