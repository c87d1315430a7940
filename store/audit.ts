import type { AuditDoc, ChangeSetDoc } from './documents';
import { insertOnce } from './insert-once';
import type { Collections } from './store';

/**
 * One audit entry per changed field: APPLIED with ESR's value as `after`, or COMPENSATED with the values swapped
 * back. Keyed by change set, field and action, so a retried activity writes each entry once.
 */
export async function recordAudit(
  store: Collections,
  cs: ChangeSetDoc,
  action: AuditDoc['action'],
  at: string,
): Promise<void> {
  await insertOnce(
    store.audit,
    cs.changes.map((c) => {
      const [before, after] = action === 'APPLIED' ? [c.before, c.after] : [c.after, c.before];
      return {
        _id: `${cs._id}#${c.path}#${action}`,
        changeSetId: cs._id,
        personId: cs.personId,
        esrPersonId: cs.esrPersonId,
        workflowId: cs.workflowId,
        extractDate: cs.extractDate,
        file: cs.rowRef.file,
        line: cs.rowRef.line,
        field: c.path,
        ...(before !== undefined ? { before } : {}),
        ...(after !== undefined ? { after } : {}),
        action,
        at,
      };
    }),
  );
}
