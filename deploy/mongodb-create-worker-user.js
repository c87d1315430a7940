// Run once by the mongo image on a fresh volume (docker-entrypoint-initdb.d), as the root user it creates.
// The worker's own user: read and write on the service's collections in the TIS database only, nothing on any
// other database, no user or role administration. The operator audit (esr_operator_actions: who approved,
// rejected, linked, unlinked, revealed) is append-only for it: it can read and insert, never change or delete,
// so nothing running as the worker can rewrite who did what. (test/unit/docker-compose.test.ts checks this list
// against store/store.ts.)
const tis = process.env.TIS_DB || 'tis';
const target = db.getSiblingDB(tis);
const readWriteCollections = [
  'people',
  'posts',
  'esr_files',
  'esr_rows',
  'esr_person_rows',
  'esr_trainee_pages',
  'esr_links',
  'esr_match_candidates',
  'esr_row_errors',
  'esr_findings',
  'esr_outcomes',
  'esr_change_sets',
  'esr_audit',
  'esr_outbox',
  'esr_operator_notes',
  'esr_applied_changes',
  'esr_trainee_leases',
  'esr_daily_runs',
  'esr_outbox_claims',
];
const appendOnlyCollections = ['esr_operator_actions'];
const readWrite = ['find', 'insert', 'update', 'remove', 'createIndex', 'listIndexes', 'createCollection'];
const appendOnly = ['find', 'insert', 'createIndex', 'listIndexes', 'createCollection'];
target.createRole({
  role: 'esrWorker',
  privileges: [
    { resource: { db: tis, collection: '' }, actions: ['listCollections'] },
    ...readWriteCollections.map((collection) => ({ resource: { db: tis, collection }, actions: readWrite })),
    ...appendOnlyCollections.map((collection) => ({ resource: { db: tis, collection }, actions: appendOnly })),
  ],
  roles: [],
});
// The password from its Docker secret file (ESR_WORKER_MONGODB_PASSWORD_FILE), or the variable itself.
const passwordFile = process.env.ESR_WORKER_MONGODB_PASSWORD_FILE;
target.createUser({
  user: process.env.ESR_WORKER_MONGODB_USER || 'esr_worker',
  pwd: passwordFile ? require('fs').readFileSync(passwordFile, 'utf8').trim() : process.env.ESR_WORKER_MONGODB_PASSWORD,
  roles: [{ role: 'esrWorker', db: tis }],
});

// The data-quality portal's user: read only, on the TIS database only. The portal writes nothing.
const portalPasswordFile = process.env.ESR_PORTAL_MONGODB_PASSWORD_FILE;
const portalPassword = portalPasswordFile
  ? require('fs').readFileSync(portalPasswordFile, 'utf8').trim()
  : process.env.ESR_PORTAL_MONGODB_PASSWORD;
if (portalPassword) {
  db.getSiblingDB(tis).createUser({
    user: process.env.ESR_PORTAL_MONGODB_USER || 'esr_portal',
    pwd: portalPassword,
    roles: [{ role: 'read', db: tis }],
  });
}
