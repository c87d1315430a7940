import type { SkipReason } from '../src/extract/types';
import { placementSkipReason } from '../src/rules/eligibility';
import { documentShapeProblems } from '../src/tis/document-shape';
import type { ActivityDeps } from './dependencies';

export interface CheckPlacementArgs {
  personId: string;
  /** The eligible rows' DPNs in precedence order, the winner's first. */
  deaneryPostNumbers: string[];
  extractDate: string;
}

export interface CheckPlacementResult {
  /** The first DPN on which the person holds a placement covering the date; absent when there is none. */
  index?: number;
  skipReason?: SkipReason;
  /** The person's document is of an older or unexpected shape (fields named, no values): held for a person to fix. */
  shapeProblems?: string[];
}

/**
 * Once matched, the TIS person must hold a placement on the row's post covering the extract date. The spec: if
 * the winning row's post has none, the next eligible row is tried before the person is skipped. The person as
 * matching read it. A document of an older shape is reported first: nothing is written into it.
 */
export function checkPlacement(deps: ActivityDeps) {
  return async function checkPlacement({
    personId,
    deaneryPostNumbers,
    extractDate,
  }: CheckPlacementArgs): Promise<CheckPlacementResult> {
    const person = await deps.runPeople.get(personId);
    const shapeProblems = person ? documentShapeProblems(person) : [];
    if (shapeProblems.length) return { shapeProblems };
    const index = deaneryPostNumbers.findIndex(
      (dpn) => placementSkipReason(person?.placements, dpn, extractDate) === undefined,
    );
    return index === -1 ? { skipReason: 'NO_PLACEMENT' } : { index };
  };
}
