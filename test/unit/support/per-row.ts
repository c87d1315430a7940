import type { PerRow } from '../../../src/extract/types';

/** A PER row that passes every rule on 2026-11-25; tests override the fields they are about. */
export function perRow(overrides: Partial<PerRow> = {}): PerRow {
  return {
    employingTrust: 'RGT',
    esrPersonId: '1234567',
    assignmentNumber: '12345678-2',
    employerRole: 'LEAD',
    assignmentStatus: 'ACTIVE',
    assignmentStart: '2026-08-06',
    assignmentEnd: '2027-08-03',
    positionNumber: 'POS-1',
    deaneryPostNumber: 'EOE/RGT00/IMT/CT1/001',
    gmcNumber: '7654321',
    gdcNumber: '',
    title: 'dr',
    forenames: 'Anna Maria',
    surname: "O'Neil-Smith",
    knownAs: 'Annie',
    previousSurname: 'Zoë',
    dateOfBirth: '1995-06-15',
    gender: 'F',
    nino: 'ab 12 34 56 c',
    homePhone: '(020) 7946 0958',
    mobilePhone: '07700 900123',
    email: 'Anna.ONeil@NHS.NET',
    ethnicOrigin: 'A',
    addressLine1: '1 High Street',
    addressLine2: 'Flat 2',
    addressLine3: '',
    town: 'Cambridge',
    postcode: 'cb2 0qq',
    lastUpdated: '2026-11-24T17:02:11+00:00',
    ...overrides,
  };
}
