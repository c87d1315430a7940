import { addDays, calendarDate } from '../src/london-date';
import { parseExtractFileName } from '../src/extract/file-name';
import type { Collections } from './store';

/** What the outbox holds undelivered: how many events, and when the oldest occurred (absent when none). */
export async function pendingEvents(store: Pick<Collections, 'outbox'>): Promise<{ count: number; oldest?: Date }> {
  const count = await store.outbox.countDocuments({ status: 'PENDING' });
  if (count === 0) return { count };
  // Served by the { status, occurredAt } index.
  const [oldest] = await store.outbox
    .find({ status: 'PENDING' }, { projection: { occurredAt: 1 } })
    .sort({ occurredAt: 1 })
    .limit(1)
    .toArray();
  return { count, ...(oldest ? { oldest: new Date(oldest.occurredAt) } : {}) };
}

/** Files waiting for an operator's decision, and when the one waiting longest was held. */
export async function filesAwaitingApproval(
  store: Pick<Collections, 'files'>,
): Promise<{ count: number; oldest?: Date }> {
  const held = await store.files
    .find({ status: 'ACCEPTED', 'massChange.state': 'AWAITING_APPROVAL' }, { projection: { massChange: 1 } })
    .toArray();
  const since = held.map((f) => Date.parse(f.massChange?.checkedAt ?? '')).filter((t) => !Number.isNaN(t));
  return { count: held.length, ...(since.length ? { oldest: new Date(Math.min(...since)) } : {}) };
}

/**
 * When each office's newest file (of the last `days` extract dates) was recorded; an office with none in that
 * window is absent. The window keeps it to an indexed query over a few dozen files.
 */
export async function lastFileByOffice(
  store: Pick<Collections, 'files'>,
  now: Date,
  days = 7,
): Promise<Map<string, Date>> {
  const since = addDays(calendarDate(now), -days);
  const files = await store.files
    .find({ extractDate: { $gte: since } }, { projection: { name: 1, recordedAt: 1 } })
    .toArray();
  const latest = new Map<string, Date>();
  for (const f of files) {
    const parsed = parseExtractFileName(f.name);
    if (!parsed.ok) continue;
    const at = new Date(f.recordedAt);
    const known = latest.get(parsed.localOffice);
    if (!known || at > known) latest.set(parsed.localOffice, at);
  }
  return latest;
}
