import type { PostDocument } from '../src/tis/person-document';
import type { Collections } from './store';

/** The TIS posts these DPNs name, by `_id` (the one look-up FerretDB pushes down); unknown DPNs are absent. */
export async function postsByDpn(
  store: Pick<Collections, 'posts'>,
  dpns: string[],
): Promise<Map<string, PostDocument>> {
  const found = await Promise.all([...new Set(dpns)].filter(Boolean).map((_id) => store.posts.findOne({ _id })));
  return new Map(found.flatMap((p) => (p ? [[p._id, p] as const] : [])));
}
