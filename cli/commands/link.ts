/** `esr link <esrPersonId> <tisPersonId>`: resolves a HELD match by hand, then resyncs the trainee. */
import { Command } from 'commander';
import { findTrainee } from '../find-trainee';
import { startResync } from '../resync-trainee';
import { uiRunUrl } from '../run-daily';
import { withContext } from './context';
import { operatorIdentity } from './operator-identity';
import { recordOperatorAction } from '../../store/operator-actions';
import { CliError, ExitCode } from './errors';
import { linkEsrPerson } from './link-esr-person';
import { print } from './output';
import { recordReveal, REVEAL_HELP } from './reveal';
import { needsAttention, resyncOutcome, resyncOutcomeText } from './resync-outcome';

export const linkCommand = () =>
  new Command('link')
    .summary('link a held ESR person to a TIS person, then resync')
    .description(
      'For a trainee HELD for review (NO_MATCH or AMBIGUOUS_MATCH): record that the ESR person is this TIS person, ' +
        'as a first match would (no version bump, no event), then resync the trainee now. Refused when the TIS ' +
        'person is linked to another ESR person, or another TIS person holds this ESR person: a link moves only ' +
        'through "esr unlink" first. Audited. Exit 1 if the ' +
        'resync ends HELD or FAILED, 3 if a resync of the trainee is already running.',
    )
    .argument('<esrPersonId>', "ESR's person number")
    .argument('<tisPersonId>', 'the TIS person id, checked by hand to be the same person')
    .option('--json', 'print one JSON object: { link, workflowId, personId, outcome, changedFields, … }')
    .option('--reveal', REVEAL_HELP)
    .action(async (esrPersonId: string, tisPersonId: string, opts: { json?: boolean; reveal?: boolean }) =>
      withContext(async (ctx) => {
        if (!/^\d{1,10}$/.test(esrPersonId)) throw new CliError(`"${esrPersonId}" is not an ESR person number`);
        const store = await ctx.store();
        // Only a person ESR has sent us can be linked: the resync needs their rows.
        const trainee = await findTrainee(store, esrPersonId);
        if (trainee.esrPersonId !== esrPersonId) throw new CliError(`no ESR data for ESR person ${esrPersonId}`);
        const link = await linkEsrPerson(store, esrPersonId, tisPersonId);
        if (link === 'LINKED') {
          const at = new Date().toISOString();
          await recordOperatorAction(store, {
            _id: `LINK#${esrPersonId}#${at}`,
            action: 'LINK',
            by: operatorIdentity(ctx.config),
            at,
            esrPersonId,
            tisPersonId,
          });
        }
        const started = await startResync(await ctx.temporal(), ctx.config, store, esrPersonId);
        const outcome = await resyncOutcome(store, started, await started.result(), { reveal: opts.reveal });
        if (opts.reveal)
          await recordReveal(store, ctx.config, { esrPersonId, tisPersonId, workflowId: started.workflowId });
        const uiUrl = uiRunUrl(ctx.config.TEMPORAL_UI_URL, ctx.config.TEMPORAL_NAMESPACE, started.workflowId);
        print(
          opts.json,
          { link, ...outcome },
          () =>
            `${link === 'LINKED' ? 'linked' : 'already linked'}: ESR ${esrPersonId} → TIS ${tisPersonId}\n${resyncOutcomeText(outcome, uiUrl)}`,
        );
        if (needsAttention(outcome)) process.exitCode = ExitCode.NEEDS_ATTENTION;
      }),
    );
