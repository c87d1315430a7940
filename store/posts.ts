import type { PostDocument } from '../src/tis/person-document';
import type { Collections } from './store';

/** The TIS posts these DPNs name, by `_id` (the one look-up FerretDB pushes down); unknown DPNs are absent. */
export async function postsByDpn(
  store: Pick<Collections, 'posts'>,
  dpns: string[],
): Promise<Map<string, PostDocument>> {
  const ids = [...new Set(dpns)].filter(Boolean);
  const posts = new Map<string, PostDocument>();
  // A few at a time: a day's reports may need thousands, and each is a round trip of its own.
  for (let i = 0; i < ids.length; i += BATCH) {
    const found = await Promise.all(ids.slice(i, i + BATCH).map((_id) => store.posts.findOne({ _id })));
    for (const p of found) if (p) posts.set(p._id, p);
  }
  return posts;
}

const BATCH = 50;
