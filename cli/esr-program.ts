/** The operators' command line (`npm run esr`), built but not run: cli/esr.ts runs it, tests read its help. */
import { Command } from 'commander';
import { approveCommand } from './commands/approve';
import { backfillCommand } from './commands/backfill';
import { cancelCommand } from './commands/cancel';
import { checkCommand } from './commands/check';
import { heldCommand } from './commands/held';
import { linkCommand } from './commands/link';
import { rejectCommand } from './commands/reject';
import { reportCommand } from './commands/report';
import { retentionCommand } from './commands/retention';
import { runCommand } from './commands/run';
import { scheduleCommand } from './commands/schedule';
import { statusCommand } from './commands/status';
import { unlinkCommand } from './commands/unlink';

export function esrProgram(): Command {
  return new Command()
    .name('esr')
    .description(
      'Operate the ESR person update: run, follow and check daily runs, decide on files held as mass changes, ' +
        'manage the schedule, review held trainees and links, and ' +
        "write trusts' data-quality reports. Servers come from TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, " +
        'TEMPORAL_TASK_QUEUE, MONGODB_URI and TIS_DB. One trainee: npm run resync -- <id>. See docs/runbook.md.',
    )
    .showHelpAfterError()
    .addCommand(runCommand())
    .addCommand(backfillCommand())
    .addCommand(statusCommand())
    .addCommand(checkCommand())
    .addCommand(approveCommand())
    .addCommand(rejectCommand())
    .addCommand(cancelCommand())
    .addCommand(scheduleCommand())
    .addCommand(reportCommand())
    .addCommand(heldCommand())
    .addCommand(linkCommand())
    .addCommand(unlinkCommand())
    .addCommand(retentionCommand());
}
