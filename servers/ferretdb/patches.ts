/**
 * Changes set-up makes to FerretDB v1.24.2's source before building it, each small and checked: a patch whose
 * anchor is not found stops set-up, so a new FerretDB version cannot silently build without it.
 */
export interface SourcePatch {
  /** Relative to the module's root. */
  file: string;
  /** Text that must occur exactly once; `insertAfter` goes right after it. */
  anchor: string;
  insertAfter: string;
  why: string;
}

export const FERRETDB_PATCHES: SourcePatch[] = [
  {
    file: 'internal/backends/postgresql/query.go',
    anchor: 'func filterEqual(p *metadata.Placeholder, k any, v any, operator string) (filter string, args []any) {\n',
    insertAfter: [
      '\t// esr-person-update: an equality on a string _id is compared with `=` on the expression of the _id_',
      '\t// index, which the containment form below cannot use: a look-up by _id becomes an index scan.',
      '\tif s, ok := v.(string); ok && k == "_id" && operator == "->" {',
      '\t\treturn fmt.Sprintf(`%s = %s`, metadata.IDColumn, p.Next()), []any{string(must.NotFail(sjson.MarshalSingleValue(s)))}',
      '\t}',
      '',
    ].join('\n'),
    why:
      'FerretDB pushes `{_id: x}` down as `_jsonb->$1 @> $2`, which no btree index serves, so every find, update ' +
      'and delete by _id read the whole table: 68 ms a look-up over 20,000 people, growing with the collection.',
  },
];

/** Applies the patches to a writable copy of the module's source. */
export function applyPatches(read: (file: string) => string, write: (file: string, text: string) => void): void {
  for (const p of FERRETDB_PATCHES) {
    const text = read(p.file);
    const at = text.indexOf(p.anchor);
    if (at < 0 || text.indexOf(p.anchor, at + 1) >= 0) {
      throw new Error(`FerretDB patch for ${p.file}: its anchor is not found exactly once (${p.why})`);
    }
    const end = at + p.anchor.length;
    write(p.file, text.slice(0, end) + p.insertAfter + text.slice(end));
  }
}
