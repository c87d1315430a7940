/** A TIS person and post matching test/support/per-line.ts's baseRow, as TIS would hold them after a sync. */
import type { PersonDocument, PostDocument } from '../../src/tis/person-document';

export const tisPerson = (over: Partial<PersonDocument> & { _id: string }): PersonDocument => ({
  version: 1,
  identifiers: { gmcNumber: '7000001' },
  contactDetails: {
    title: 'DR',
    forenames: 'Alex',
    surname: 'Example',
    legalForenames: 'Alex',
    legalSurname: 'Example',
    mobileNumber: '+447700900123',
    workEmail: 'alex.example@nhs.example',
    address1: '1 Test Street',
    address4: 'Cambridge',
    postCode: 'CB2 0QQ',
  },
  personalDetails: {
    dateOfBirth: '1995-04-12',
    gender: 'Female',
    ethnicOrigin: 'White - British',
    nationalInsuranceNumber: 'AB123456C',
  },
  placements: [{ nationalPostNumber: 'EOE/RGT00/IMT/CT1/001', startDate: '2026-08-05', endDate: '2027-08-04' }],
  fieldUpdatedAt: {},
  updatedAt: '2026-08-01T09:00:00.000Z',
  ...over,
});

export const post = (id: string, status: 'CURRENT' | 'INACTIVE' = 'CURRENT', trust = 'RGT'): PostDocument => ({
  _id: id,
  status,
  trust,
});
