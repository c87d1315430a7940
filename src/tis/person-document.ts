/** TIS's own records, in the shape the spec gives for the `people` and `posts` collections. */

export interface Placement {
  nationalPostNumber: string;
  /** YYYY-MM-DD */
  startDate: string;
  /** YYYY-MM-DD */
  endDate: string;
}

export interface PersonDocument {
  _id: string;
  /** +1 per change of details; the guard for optimistic concurrency. */
  version: number;
  identifiers: { esrPersonId?: string; gmcNumber?: string; gdcNumber?: string };
  contactDetails: {
    title?: string;
    forenames?: string;
    surname?: string;
    legalForenames?: string;
    legalSurname?: string;
    knownAs?: string;
    maidenName?: string;
    telephoneNumber?: string;
    mobileNumber?: string;
    email?: string;
    workEmail?: string;
    address1?: string;
    address2?: string;
    address3?: string;
    address4?: string;
    postCode?: string;
  };
  personalDetails: { dateOfBirth?: string; gender?: string; ethnicOrigin?: string; nationalInsuranceNumber?: string };
  placements: Placement[];
  /**
   * When each field last changed, by dotted path. Stored nested (`{ contactDetails: { mobileNumber: … } }`),
   * because FerretDB refuses dots in field names; a flat dotted key, possible on MongoDB, is read too.
   */
  fieldUpdatedAt: Record<string, unknown>;
  updatedAt: string;
}

export interface PostDocument {
  /** The National Post Number, which ESR calls the Deanery Post Number. */
  _id: string;
  status: 'CURRENT' | 'INACTIVE';
  trust: string;
}
