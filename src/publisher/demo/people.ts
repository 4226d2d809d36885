import type { StaffGroup } from '../../core/codes';
import type { Rng } from './rng';

/**
 * Names and roles for synthetic staff. A name is a given name and a surname
 * drawn independently from common-name lists reflecting the NHS workforce's
 * diversity — plausible, but generated: no list of real people was used,
 * and no demo name is meant to be anyone.
 */

export const GIVEN_NAMES = [
  'Amira', 'Olivia', 'Priya', 'Grace', 'Chloe', 'Fatima', 'Aisha', 'Sophie', 'Emily', 'Hannah',
  'Zainab', 'Ngozi', 'Chidinma', 'Maria', 'Ana', 'Joanna', 'Agnieszka', 'Siobhan', 'Niamh', 'Rhiannon',
  'Megan', 'Lucy', 'Charlotte', 'Harriet', 'Bethany', 'Deepa', 'Kavita', 'Mei', 'Lin', 'Yasmin',
  'Ruth', 'Esther', 'Abigail', 'Funmilayo', 'Adaeze', 'Lakshmi', 'Sana', 'Imogen', 'Eilidh', 'Rosa',
  'James', 'Oliver', 'Mohammed', 'Ahmed', 'Daniel', 'Thomas', 'Rajesh', 'Arjun', 'Kwame', 'Chukwuemeka',
  'Tomasz', 'Piotr', 'Liam', 'Connor', 'Rhys', 'Owen', 'Callum', 'Samuel', 'Joseph', 'David',
  'Hassan', 'Imran', 'Bilal', 'Wei', 'Jun', 'Matthew', 'Andrew', 'Kofi', 'Emeka', 'Sanjay',
  'George', 'Harry', 'Jack', 'Ethan', 'Lewis', 'Marcus', 'Nathan', 'Yusuf', 'Ravi', 'Stefan',
] as const;

export const SURNAMES = [
  'Patel', 'Smith', 'Jones', 'Williams', 'Brown', 'Taylor', 'Davies', 'Evans', 'Wilson', 'Thomas',
  'Roberts', 'Johnson', 'Walker', 'Wright', 'Robinson', 'Thompson', 'White', 'Hughes', 'Edwards', 'Green',
  'Hall', 'Wood', 'Harris', 'Clarke', 'Jackson', 'Turner', 'Hill', 'Moore', 'Cooper', 'Ward',
  'Khan', 'Ahmed', 'Hussain', 'Begum', 'Ali', 'Shah', 'Sharma', 'Singh', 'Kaur', 'Gupta',
  'Okafor', 'Adeyemi', 'Mensah', 'Okonkwo', 'Boateng', 'Owusu', 'Nwosu', 'Adebayo', 'Osei', 'Eze',
  'Kowalski', 'Nowak', 'Wiśniewska', 'Santos', 'Fernandes', 'Silva', 'Costa', 'Reyes', 'Cruz', 'Garcia',
  'Murphy', "O'Brien", 'Kelly', 'Byrne', 'McDonald', 'Campbell', 'Stewart', 'MacLeod', 'Fraser', 'Morgan',
  'Chen', 'Wang', 'Li', 'Zhang', 'Nguyen', 'Kim', 'Tan', 'Lim', 'Ng', 'Wong',
  'Mahmood', 'Iqbal', 'Rahman', 'Chowdhury', 'Islam', 'Nair', 'Menon', 'Pillai', 'Reddy', 'Das',
  'Lewis', 'Baker', 'Carter', 'Mitchell', 'Parker', 'Phillips', 'Bennett', 'Price', 'Lloyd', 'Griffiths',
] as const;

/** A generated full name. */
export function generateName(rng: Rng): string {
  return `${rng.pick(GIVEN_NAMES)} ${rng.pick(SURNAMES)}`;
}

/** Roles typical of each staff group (NHS Electronic Staff Record groups). */
export const ROLES: Record<StaffGroup, readonly string[]> = {
  'nursing-midwifery-registered': ['Staff Nurse', 'Senior Staff Nurse', 'Ward Sister', 'Charge Nurse', 'Midwife', 'Community Nurse', 'Clinical Nurse Specialist', 'Theatre Nurse'],
  'medical-dental': ['Consultant Physician', 'Consultant Anaesthetist', 'Specialty Registrar', 'Foundation Year 1 Doctor', 'Foundation Year 2 Doctor', 'Core Trainee', 'Specialty Doctor', 'Dental Officer'],
  'allied-health-professionals': ['Physiotherapist', 'Occupational Therapist', 'Diagnostic Radiographer', 'Paramedic', 'Speech and Language Therapist', 'Dietitian', 'Podiatrist', 'Operating Department Practitioner'],
  'additional-clinical-services': ['Healthcare Assistant', 'Nursing Associate', 'Maternity Support Worker', 'Phlebotomist', 'Therapy Assistant', 'Clinical Support Worker'],
  'admin-clerical': ['Ward Clerk', 'Medical Secretary', 'Receptionist', 'Patient Services Officer', 'HR Advisor', 'Finance Officer', 'IT Service Desk Analyst'],
  'estates-ancillary': ['Porter', 'Domestic Assistant', 'Catering Assistant', 'Maintenance Electrician', 'Security Officer'],
  'add-prof-scientific-technical': ['Clinical Pharmacist', 'Pharmacy Technician', 'Clinical Psychologist', 'Medical Photographer'],
  'healthcare-scientists': ['Biomedical Scientist', 'Clinical Scientist', 'Cardiac Physiologist', 'Audiologist'],
  students: ['Student Nurse', 'Student Midwife', 'Student Paramedic'],
};

/** Staff groups weighted roughly as NHS England's workforce. */
export const STAFF_GROUP_WEIGHTS: ReadonlyArray<readonly [StaffGroup, number]> = [
  ['nursing-midwifery-registered', 26],
  ['additional-clinical-services', 22],
  ['admin-clerical', 19],
  ['medical-dental', 11],
  ['allied-health-professionals', 8],
  ['estates-ancillary', 6],
  ['add-prof-scientific-technical', 4],
  ['healthcare-scientists', 2],
  ['students', 2],
];
