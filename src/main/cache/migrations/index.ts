import type { Migration } from '../migrate';
import { m001Initial } from './001-initial';

/** Every schema version, in order. Append only; never edit a released one. */
export const MIGRATIONS: readonly Migration[] = [m001Initial];
