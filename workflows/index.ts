/** Every workflow the worker registers. Workflow type names are permanent once histories exist. */
export { esrDailyRun, progressQuery, cancelRunSignal, decideFileUpdate } from './esr-daily-run';
export { esrTrainee } from './esr-trainee';
export { esrScheduledRun } from './esr-scheduled-run';
export { esrRetention } from './esr-retention';
export { esrOutboxRelay } from './esr-outbox-relay';
