import type { Migration } from '../migrate';
import { m001Initial } from './001-initial';
import { m002BadgeSignature } from './002-badge-signature';
import { m003BadgeTypeCodes } from './003-badge-type-codes';
import { m004PackedJws } from './004-packed-jws';

/** Every schema version, in order. Append only; never edit a released one. */
export const MIGRATIONS: readonly Migration[] = [m001Initial, m002BadgeSignature, m003BadgeTypeCodes, m004PackedJws];
