import type { CstfSubject, RegistrationBody, StaffGroup } from '../../core/codes';
import { CSTF_SUBJECTS } from '../../core/codes';
import type { Badge, LivePassport } from '../../core/schemas/passport';
import { generateName, ROLES } from './people';
import type { Rng } from './rng';

/**
 * One synthetic member of staff whose every check is in place — and nothing
 * expiring within 30 days — at the demo's reference date (2026-11-24).
 * Scenarios (scenarios.ts) then change what they need to.
 */

/** The demo's reference date: verdicts in the catalogue are given for it. */
export const REFERENCE_DATE = '2026-11-24';
export const REFERENCE_TIME = '2026-11-24T10:00:00Z';

const DAY = 86_400_000;

/** A random date between two ISO dates (inclusive). */
export function dateBetween(rng: Rng, from: string, to: string): string {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  return new Date(a + rng.int(0, Math.round((b - a) / DAY)) * DAY).toISOString().slice(0, 10);
}

export function addDaysIso(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

function registrationFor(group: StaffGroup, role: string, rng: Rng): { body: RegistrationBody; number: string } | null {
  switch (group) {
    case 'nursing-midwifery-registered':
      return { body: 'NMC', number: `${rng.digits(2)}${rng.pick(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'Y'])}${rng.digits(4)}${rng.pick(['E', 'O', 'S', 'W', 'N'])}` };
    case 'medical-dental':
      return role === 'Dental Officer' ? { body: 'GDC', number: rng.digits(6) } : { body: 'GMC', number: rng.digits(7) };
    case 'allied-health-professionals': {
      const prefix: Record<string, string> = { Physiotherapist: 'PH', 'Occupational Therapist': 'OT', 'Diagnostic Radiographer': 'RA', Paramedic: 'PA', 'Speech and Language Therapist': 'SL', Dietitian: 'DT', Podiatrist: 'CH', 'Operating Department Practitioner': 'ODP' };
      return { body: 'HCPC', number: `${prefix[role] ?? 'PH'}${rng.digits(6)}` };
    }
    case 'healthcare-scientists':
      // Policies may require HCPC registration of the whole group (the default policy does).
      return { body: 'HCPC', number: `${role === 'Biomedical Scientist' ? 'BS' : 'CS'}${rng.digits(6)}` };
    case 'add-prof-scientific-technical':
      if (role === 'Clinical Pharmacist' || role === 'Pharmacy Technician') return { body: 'GPhC', number: rng.digits(7) };
      if (role === 'Clinical Psychologist') return { body: 'HCPC', number: `PYL${rng.digits(5)}` };
      return null;
    default:
      return null;
  }
}

function enhancedGroup(group: StaffGroup): boolean {
  return group !== 'admin-clerical' && group !== 'estates-ancillary';
}

/** A realistic full training record: all 11 CSTF subjects, done recently enough to be in date. */
function training(rng: Rng): Array<{ subject: CstfSubject; completed: string }> {
  return CSTF_SUBJECTS.map((subject) => ({ subject, completed: dateBetween(rng, '2026-01-05', '2026-11-13') }));
}

export interface StaffSeed {
  id: string;
  iss: string;
  issuedAt: string;
  staffGroup: StaffGroup;
  badges: Badge[];
}

/** A cleared record for one person; the name, role and checks come from `rng`. */
export function clearedRecord(rng: Rng, seed: StaffSeed): LivePassport {
  const role = rng.pick(ROLES[seed.staffGroup]);
  const started = dateBetween(rng, '2015-01-05', '2026-06-30');
  const reg = registrationFor(seed.staffGroup, role, rng);
  const onUpdateService = rng.chance(0.7);
  const record: LivePassport = {
    v: 1,
    id: seed.id,
    rev: 1,
    iss: seed.iss,
    issuedAt: seed.issuedAt,
    status: 'active',
    person: { name: generateName(rng), staffGroup: seed.staffGroup, role },
    badges: seed.badges,
    checks: {
      identity: { outcome: 'verified', on: started },
      rightToWork: {
        outcome: 'verified',
        on: started,
        until: rng.chance(0.12) ? dateBetween(rng, '2027-06-01', '2029-12-31') : null,
      },
      dbs: {
        outcome: 'satisfactory',
        level: enhancedGroup(seed.staffGroup) ? 'enhanced' : 'standard',
        barredLists: enhancedGroup(seed.staffGroup) ? ['adults', 'children'] : [],
        // Off the Update Service a DBS check ages out after dbsMaxAgeYears (3 in the
        // example policy): keep those recent enough to stay clear of the warning window.
        on: onUpdateService ? addDaysIso(started, -rng.int(10, 40)) : dateBetween(rng, '2024-02-01', '2026-06-30'),
        updateService: onUpdateService,
      },
      occupationalHealth: { outcome: 'cleared', on: addDaysIso(started, -rng.int(3, 20)), review: null },
      training: training(rng),
      induction: { completed: addDaysIso(started, rng.int(0, 6)), by: seed.iss },
    },
  };
  if (reg) {
    record.checks.registration = { ...reg, status: 'registered', until: dateBetween(rng, '2027-02-01', '2028-12-31') };
  }
  return record;
}
