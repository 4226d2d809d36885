import type { StaffGroup } from '../../core/codes';
import type { LivePassport } from '../../core/schemas/passport';
import { dateBetween } from './staff';
import type { Rng } from './rng';

/**
 * What makes a demo passport interesting: each scenario turns a cleared
 * record into one that gives particular reason codes at the reference date
 * 2026-11-24. Expiry dates are set with explicit `until` / `review` dates
 * so the outcome does not depend on the policy's refresher periods. The
 * verdicts actually given are computed by the core engine into
 * catalogue.json — this list only says how the data was shaped.
 */

export interface Scenario {
  key: string;
  /** How many people get it (per demo of 2,000+). */
  count: number;
  /** A staff group the scenario needs (registration is required only for some groups). */
  group?: StaffGroup;
  /** Change the rev-1 record. */
  edit?(r: LivePassport, rng: Rng): void;
  /** A rev-2 published in the second publication. */
  later?: 'revoked' | 'suspended' | 'erased';
  /** Which key signs it (default: the issuer's active key). */
  signing?: 'compromised' | 'retired' | 'retired-late';
  /** Shares its barcode with the previous person of the same scenario. */
  sharedBadge?: boolean;
}

const c = (r: LivePassport) => r.checks;
const doctor: StaffGroup = 'medical-dental';

export const SCENARIOS: Scenario[] = [
  { key: 'cleared-induction-elsewhere', count: 20, edit: (r) => void (c(r).induction = { completed: c(r).identity!.on, by: 'RJ1' }) },
  { key: 'identity-missing', count: 6, edit: (r) => void delete c(r).identity },
  { key: 'identity-pending', count: 8, edit: (r) => void (c(r).identity!.outcome = 'pending') },
  { key: 'rtw-missing', count: 5, edit: (r) => void delete c(r).rightToWork },
  { key: 'rtw-pending', count: 8, edit: (r) => void (c(r).rightToWork!.outcome = 'pending') },
  { key: 'rtw-expired', count: 6, edit: (r, g) => void (c(r).rightToWork!.until = dateBetween(g, '2026-09-01', '2026-11-20')) },
  { key: 'rtw-expiring', count: 8, edit: (r, g) => void (c(r).rightToWork!.until = dateBetween(g, '2026-11-28', '2026-12-20')) },
  { key: 'dbs-missing', count: 5, edit: (r) => void delete c(r).dbs },
  { key: 'dbs-failed', count: 4, edit: (r) => void (c(r).dbs!.outcome = 'unsatisfactory') },
  { key: 'dbs-pending', count: 10, edit: (r) => void (c(r).dbs!.outcome = 'pending') },
  { key: 'dbs-basic-level', count: 6, group: 'admin-clerical', edit: (r) => void Object.assign(c(r).dbs!, { level: 'basic', barredLists: [] }) },
  { key: 'dbs-barred-list-missing', count: 5, group: doctor, edit: (r) => void (c(r).dbs!.barredLists = ['adults']) },
  { key: 'dbs-too-old', count: 6, edit: (r, g) => void Object.assign(c(r).dbs!, { updateService: false, on: dateBetween(g, '2022-01-10', '2023-10-31') }) },
  { key: 'dbs-ageing', count: 6, edit: (r, g) => void Object.assign(c(r).dbs!, { updateService: false, on: dateBetween(g, '2023-11-28', '2023-12-20') }) },
  { key: 'registration-missing', count: 4, group: doctor, edit: (r) => void delete c(r).registration },
  { key: 'registration-suspended', count: 3, group: doctor, edit: (r) => void (c(r).registration!.status = 'suspended') },
  { key: 'registration-lapsed', count: 3, group: doctor, edit: (r) => void (c(r).registration!.status = 'lapsed') },
  { key: 'registration-removed', count: 2, group: doctor, edit: (r) => void (c(r).registration!.status = 'removed') },
  { key: 'registration-wrong-body', count: 4, group: doctor, edit: (r) => void Object.assign(c(r).registration!, { body: 'HCPC', number: 'PA123456' }) },
  { key: 'registration-conditions', count: 6, group: doctor, edit: (r) => void (c(r).registration!.status = 'registered-with-conditions') },
  { key: 'registration-expired', count: 4, group: doctor, edit: (r, g) => void (c(r).registration!.until = dateBetween(g, '2026-08-01', '2026-11-20')) },
  { key: 'registration-expiring', count: 6, group: doctor, edit: (r, g) => void (c(r).registration!.until = dateBetween(g, '2026-11-30', '2026-12-20')) },
  { key: 'oh-missing', count: 5, edit: (r) => void delete c(r).occupationalHealth },
  { key: 'oh-not-cleared', count: 3, edit: (r) => void (c(r).occupationalHealth!.outcome = 'not-cleared') },
  { key: 'oh-pending', count: 8, edit: (r) => void (c(r).occupationalHealth!.outcome = 'pending') },
  { key: 'oh-review-overdue', count: 5, edit: (r, g) => void (c(r).occupationalHealth!.review = dateBetween(g, '2026-07-01', '2026-11-20')) },
  { key: 'oh-review-due', count: 6, edit: (r, g) => void (c(r).occupationalHealth!.review = dateBetween(g, '2026-11-25', '2026-12-20')) },
  { key: 'oh-adjustments', count: 12, edit: (r) => void (c(r).occupationalHealth!.outcome = 'cleared-with-adjustments') },
  { key: 'training-missing', count: 10, edit: (r) => void (c(r).training = c(r).training!.filter((t) => t.subject !== 'fire-safety')) },
  { key: 'training-expired', count: 12, edit: (r, g) => setTraining(r, 'information-governance', '2025-09-20', dateBetween(g, '2026-09-20', '2026-11-20')) },
  { key: 'training-expiring', count: 14, edit: (r, g) => setTraining(r, 'fire-safety', '2024-12-01', dateBetween(g, '2026-11-26', '2026-12-20')) },
  { key: 'induction-not-recorded', count: 12, edit: (r) => void delete c(r).induction },
  { key: 'several-issues', count: 6, edit: (r, g) => {
    c(r).dbs!.outcome = 'pending';
    setTraining(r, 'health-safety-welfare', '2023-10-01', dateBetween(g, '2026-10-01', '2026-11-20'));
    delete c(r).induction;
  } },
  { key: 'revoked', count: 6, later: 'revoked' },
  { key: 'suspended', count: 6, later: 'suspended' },
  { key: 'erased', count: 8, later: 'erased' },
  { key: 'compromised-key', count: 8, signing: 'compromised' },
  { key: 'retired-key-in-date', count: 10, signing: 'retired' },
  { key: 'retired-key-after-retirement', count: 2, signing: 'retired-late' },
  { key: 'shared-badge', count: 4, sharedBadge: true },
];

/** Replace a subject's entries with one, completed and valid `until` the dates given. */
function setTraining(r: LivePassport, subject: 'information-governance' | 'fire-safety' | 'health-safety-welfare', completed: string, until: string): void {
  const rest = c(r).training!.filter((t) => t.subject !== subject);
  c(r).training = [...rest, { subject, completed, until }];
}
