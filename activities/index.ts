/**
 * All activities, built over injected dependencies. Workflows import the type only.
 */
import { applyRetention } from './apply-retention';
import { changeSetStatus } from './change-set-status';
import { checkEmployment } from './check-employment';
import { checkPlacement } from './check-placement';
import { withPermanentDatabaseErrors } from './database-rejections';
import type { ActivityDeps } from './dependencies';
import { decideHeldFile } from './decide-held-file';
import { diffPerson } from './diff-person';
import { holdUnusualFiles } from './hold-unusual-files';
import { ingestExtracts } from './ingest-extracts';
import { listTrainees } from './list-trainees';
import { matchPerson } from './match-person';
import { notifyChange } from './notify-change';
import { planTrainees } from './plan-trainees';
import { prepareMatchCandidates } from './prepare-match-candidates';
import { recordOutcome } from './record-outcome';
import { compensateRefusedEvent } from './compensate-refused-event';
import { relayOutbox } from './relay-outbox';
import { revertUpdate } from './revert-update';
import { acquireTrainee, releaseTrainee } from './trainee-lease';
import { updatePerson } from './update-person';
import { validateRows } from './validate-rows';
import { writeReports } from './write-reports';

export function createActivities(deps: ActivityDeps) {
  return withPermanentDatabaseErrors({
    ingestExtracts: ingestExtracts(deps),
    planTrainees: planTrainees(deps),
    prepareMatchCandidates: prepareMatchCandidates(deps),
    holdUnusualFiles: holdUnusualFiles(deps),
    decideHeldFile: decideHeldFile(deps),
    listTrainees: listTrainees(deps),
    validateRows: validateRows(deps),
    checkEmployment: checkEmployment(deps),
    matchPerson: matchPerson(deps),
    checkPlacement: checkPlacement(deps),
    diffPerson: diffPerson(deps),
    updatePerson: updatePerson(deps),
    revertUpdate: revertUpdate(deps),
    notifyChange: notifyChange(deps),
    changeSetStatus: changeSetStatus(deps),
    acquireTrainee: acquireTrainee(deps),
    releaseTrainee: releaseTrainee(deps),
    relayOutbox: relayOutbox(deps),
    compensateRefusedEvent: compensateRefusedEvent(deps),
    recordOutcome: recordOutcome(deps),
    writeReports: writeReports(deps),
    applyRetention: applyRetention(deps),
  });
}

export type Activities = ReturnType<typeof createActivities>;
export type { ActivityDeps };
