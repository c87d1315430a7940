// Run once by the mongo image on a fresh volume (docker-entrypoint-initdb.d), as the root user it creates.
// The worker's own user: read and write on the TIS database only (its collections and their indexes), nothing
// on any other database, no user or role administration.
const tis = process.env.TIS_DB || 'tis';
db.getSiblingDB(tis).createUser({
  user: process.env.ESR_WORKER_MONGODB_USER || 'esr_worker',
  pwd: process.env.ESR_WORKER_MONGODB_PASSWORD,
  roles: [{ role: 'readWrite', db: tis }],
});

// The data-quality portal's user: read only, on the TIS database only. The portal writes nothing.
if (process.env.ESR_PORTAL_MONGODB_PASSWORD) {
  db.getSiblingDB(tis).createUser({
    user: process.env.ESR_PORTAL_MONGODB_USER || 'esr_portal',
    pwd: process.env.ESR_PORTAL_MONGODB_PASSWORD,
    roles: [{ role: 'read', db: tis }],
  });
}
