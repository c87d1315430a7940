import type { SkipReason } from '../src/extract/types';
import { placementSkipReason } from '../src/rules/eligibility';
import type { ActivityDeps } from './dependencies';

export interface CheckPlacementArgs {
  personId: string;
  deaneryPostNumber: string;
  extractDate: string;
}

export interface CheckPlacementResult {
  skipReason?: SkipReason;
}

/** Once matched, the TIS person must hold a placement on the row's post covering the extract date. */
export function checkPlacement(deps: ActivityDeps) {
  return async function checkPlacement({
    personId,
    deaneryPostNumber,
    extractDate,
  }: CheckPlacementArgs): Promise<CheckPlacementResult> {
    const person = await deps.store.people.findOne({ _id: personId }, { projection: { placements: 1 } });
    const skipReason = placementSkipReason(person?.placements, deaneryPostNumber, extractDate);
    return skipReason ? { skipReason } : {};
  };
}
