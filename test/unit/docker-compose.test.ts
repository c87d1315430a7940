/**
 * docker-compose.yml cannot be run here (no Docker), so its promises are checked as data: the services (Temporal's
 * server image with its schema set up by a one-shot job, not auto-setup), nothing published but the Web UI, the
 * codec server and the data-quality portal on 127.0.0.1, every image pinned by tag and digest, no-new-privileges and all capabilities dropped
 * on every service, secrets only as Docker secret files (never in the compose file or .env), TLS from the worker to
 * MongoDB and from Temporal to PostgreSQL, the UI with OIDC sign-in and write actions off, MongoDB with a
 * least-privilege worker user whose operator audit is append-only, health checks that `depends_on` can wait for,
 * the search attributes and the namespace's retention, a read-only inbox, a worker configuration the service's own
 * config accepts, and a Dockerfile building compiled JavaScript on Node 22 with production dependencies only, run
 * as a non-root user.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config';
import { CUSTOM_SEARCH_ATTRIBUTES } from '../../src/search-attributes';
import type { Db } from 'mongodb';
import { collections } from '../../store/store';

interface ComposeService {
  image?: string;
  security_opt?: string[];
  cap_drop?: string[];
  cap_add?: string[];
  secrets?: string[];
  read_only?: boolean;
  build?: unknown;
  ports?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  healthcheck?: { test?: string | string[] };
  depends_on?: Record<string, { condition: string }>;
  entrypoint?: string[];
  command?: string | string[];
}

const root = path.resolve(__dirname, '..', '..');
const compose = parse(fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
  secrets: Record<string, { file: string }>;
};
const services = compose.services;
const INIT = 'temporal-admin-tools';
const SCHEMA = 'temporal-schema';
const ONE_SHOTS = [SCHEMA, INIT];

/** A command or entrypoint as the container runs it: Compose turns `$$` into `$`. */
const asRun = (value: string | string[] | undefined) => [value ?? []].flat().join('\n').replace(/\$\$/g, '$');

/** Every `${VAR...}` the compose file takes from .env. */
const composeText = fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8');
const variables = [...new Set([...composeText.matchAll(/\$\{([A-Z_]+)/g)].map((m) => m[1]))];

test('the stack has its services, Temporal from its server image with the schema set up by a one-shot job', () => {
  assert.deepEqual(Object.keys(services).sort(), [
    'codec-server',
    'mongodb',
    'portal',
    'postgresql',
    'temporal',
    INIT,
    SCHEMA,
    'temporal-ui',
    'worker',
  ]);
  assert.match(services.mongodb.image ?? '', /^mongo:7\.\d+\.\d+@/);
  assert.match(services.postgresql.image ?? '', /^postgres:16\.\d+@/);
  assert.match(services.temporal.image ?? '', /^temporalio\/server:1\.2\d\.\d+@/, 'not the development auto-setup');
  for (const service of Object.values(services)) assert.doesNotMatch(service.image ?? '', /auto-setup/);
  assert.match(services['temporal-ui'].image ?? '', /^temporalio\/ui:/);
  assert.equal(services.temporal.environment?.DB, 'postgres12');
  assert.ok(services[services.temporal.environment?.POSTGRES_SEEDS ?? ''], 'POSTGRES_SEEDS names the database service');
  const schema = asRun(services[SCHEMA].command);
  for (const db of ['temporal', 'temporal_visibility']) {
    assert.match(schema, new RegExp(`temporal-sql-tool --db ${db} setup-schema -v 0\\.0`));
    assert.match(
      schema,
      new RegExp(`temporal-sql-tool --db ${db} update-schema -d /etc/temporal/schema/postgresql/v12/`),
    );
  }
  assert.deepEqual(services.temporal.depends_on, { [SCHEMA]: { condition: 'service_completed_successfully' } });
});

test('every image is pinned by exact tag and by digest', () => {
  for (const [name, service] of Object.entries(services)) {
    if (!service.image) continue;
    // An exact version (postgres's major.minor is its exact release), then a digest the deployer records in .env.
    assert.match(
      service.image,
      /:\d+\.\d+(\.\d+)?(-[\w.-]+)?@sha256:\$\{[A-Z_]+_DIGEST:\?[^}]*\}$/,
      `${name}: ${service.image}`,
    );
  }
  const dockerfile = fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8');
  for (const from of dockerfile.matchAll(/^FROM (\S+)/gm)) assert.match(from[1], /@sha256:\$\{NODE_IMAGE_DIGEST\}$/);
  assert.match(composeText, /NODE_IMAGE_DIGEST: \$\{NODE_IMAGE_DIGEST:\?/);
});

test('every service: no new privileges, all capabilities dropped, the databases adding back only what they need', () => {
  for (const [name, service] of Object.entries(services)) {
    assert.deepEqual(service.security_opt, ['no-new-privileges:true'], name);
    assert.deepEqual(service.cap_drop, ['ALL'], name);
    if (name === 'mongodb' || name === 'postgresql')
      assert.deepEqual(service.cap_add, ['CHOWN', 'SETUID', 'SETGID', 'DAC_OVERRIDE', 'FOWNER'], name);
    else assert.equal(service.cap_add, undefined, name);
  }
});

test('nothing is published but the Web UI, the codec server its browser calls and the portal, on 127.0.0.1 only', () => {
  const published = Object.entries(services).filter(([, s]) => s.ports?.length);
  assert.deepEqual(published.map(([name]) => name).sort(), ['codec-server', 'portal', 'temporal-ui']);
  assert.deepEqual(services.portal.ports, ['127.0.0.1:8235:8235']);
  assert.deepEqual(services['temporal-ui'].ports, ['127.0.0.1:8233:8080']);
  assert.deepEqual(services['codec-server'].ports, ['127.0.0.1:8234:8234']);
  assert.equal(services['temporal-ui'].environment?.TEMPORAL_ADDRESS, 'temporal:7233');
});

test('the UI signs in through OIDC and has its write actions off by default', () => {
  const ui = services['temporal-ui'];
  const env = ui.environment ?? {};
  assert.equal(env.TEMPORAL_AUTH_ENABLED, 'true');
  assert.match(env.TEMPORAL_AUTH_PROVIDER_URL ?? '', /^\$\{TEMPORAL_AUTH_PROVIDER_URL:\?/);
  assert.match(env.TEMPORAL_AUTH_CLIENT_ID ?? '', /^\$\{TEMPORAL_AUTH_CLIENT_ID:\?/);
  assert.equal(env.TEMPORAL_AUTH_CLIENT_SECRET, undefined, 'the client secret comes from a secret file');
  assert.match(env.TEMPORAL_AUTH_SCOPES ?? '', /openid/);
  assert.equal(env.TEMPORAL_DISABLE_WRITE_ACTIONS, '${TEMPORAL_DISABLE_WRITE_ACTIONS:-true}');
  assert.ok(ui.secrets?.includes('ui_oidc_client_secret'));
  const entry = asRun(ui.entrypoint);
  assert.match(entry, /TEMPORAL_AUTH_CLIENT_SECRET="\$\(cat \/run\/secrets\/ui_oidc_client_secret\)"/);
  assert.match(entry, /TEMPORAL_CODEC_ENDPOINT="http:\/\/localhost:8234\/\$\(cat \/run\/secrets\/codec_token\)"/);
  assert.match(entry, /exec \.\/start-ui-server\.sh$/);
});

test('the codec server is its own strict, read-only service, the one the UI is told, with a config it accepts', () => {
  const codec = services['codec-server'];
  const env = codec.environment ?? {};
  assert.deepEqual(codec.command, ['node', 'dist/cli/codec.js']);
  assert.equal(codec.read_only, true);
  assert.equal(env.CODEC_STRICT, 'true');
  assert.equal(env.CODEC_CORS_ORIGIN, 'http://localhost:8233');
  assert.equal(env.CODEC_TOKEN_FILE, '/run/secrets/codec_token');
  assert.deepEqual([codec.healthcheck?.test].flat(), ['CMD', 'node', 'dist/cli/codec-healthcheck.js']);
  assert.ok(fs.existsSync(path.join(root, 'cli', 'codec-healthcheck.ts')));
  const config = loadConfig(withSecretFiles(resolveEnv(env), codec.secrets ?? []));
  assert.equal(config.CODEC_STRICT, true);
  assert.equal(config.CODEC_HOST, '0.0.0.0');
  assert.equal(config.CODEC_TOKEN, 'x'.repeat(32));
  assert.match(fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8'), /CODEC_STRICT=true/, 'strict in the image');
});

test('secrets are Docker secret files, never values in the compose file or .env; the rest is in .env.example', () => {
  for (const [name, service] of Object.entries(services)) {
    for (const [key, value] of Object.entries(service.environment ?? {})) {
      if (/PASSWORD|PWD|SECRET|KEYS|TOKEN|API_KEY|MONGODB_URI/.test(key))
        assert.match(String(value), /^\/run\/secrets\/\w+$/, `${name}.${key} names a secret file`);
      assert.ok(key.endsWith('_FILE') || !/PASSWORD$|SECRET$|TOKEN$|KEYS$|API_KEY$/.test(key), `${name}.${key}`);
    }
    for (const secret of service.secrets ?? []) assert.ok(compose.secrets[secret], `${name} uses a declared secret`);
    // A secret file named in the environment is one the service mounts.
    for (const value of Object.values(service.environment ?? {})) {
      const file = /^\/run\/secrets\/(\w+)$/.exec(String(value))?.[1];
      if (file) assert.ok(service.secrets?.includes(file), `${name} mounts ${file}`);
    }
  }
  for (const [name, { file }] of Object.entries(compose.secrets))
    assert.match(file, /^\.\/secrets\/[\w.]+$/, `${name} is a file under ./secrets/`);
  const example = fs.readFileSync(path.join(root, '.env.example'), 'utf8');
  const documented = new Set([...example.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]));
  for (const v of variables) assert.ok(documented.has(v), `${v} in .env.example`);
  assert.doesNotMatch(example, /PASSWORD=|SECRET=|_KEYS=|TOKEN=|API_KEY=/, 'no secret in .env.example');
  for (const ignored of [
    fs.readFileSync(path.join(root, '.gitignore'), 'utf8'),
    fs.readFileSync(path.join(root, '.dockerignore'), 'utf8'),
  ]) {
    const lines = ignored.split('\n');
    assert.ok(
      lines.includes('.env') && lines.some((l) => /^secrets\/?$/.test(l)),
      '.env and secrets/ are not committed',
    );
  }
});

test('TLS from the worker to MongoDB and from Temporal (and its schema job) to PostgreSQL, passwords only', () => {
  assert.ok([services.mongodb.command].flat().includes('--tlsMode=requireTLS'));
  assert.match([services.mongodb.healthcheck?.test].flat().join(' '), /mongosh.*--tls.*ping/);
  // The worker's URI is a secret file; the comment beside it shows its form, TLS included.
  assert.match(
    composeText,
    /# mongodb:\/\/esr_worker:<password>@mongodb:27017\/tis\?authSource=tis&tls=true&tlsCAFile=/,
  );
  assert.equal(services.worker.environment?.MONGODB_URI_FILE, '/run/secrets/worker_mongodb_uri');
  const pg = [services.postgresql.command].flat().join(' ');
  assert.match(pg, /ssl=on/);
  assert.match(pg, /hba_file=\/etc\/postgresql\/pg_hba\.conf/);
  const hba = fs.readFileSync(path.join(root, 'deploy', 'postgresql-pg_hba.conf'), 'utf8');
  const rules = hba.split('\n').filter((l) => l.trim() && !l.startsWith('#'));
  for (const rule of rules.filter((r) => !r.startsWith('local')))
    assert.match(rule, /^hostssl\s.*\sscram-sha-256$/, 'over the network: TLS and a password only');
  const t = services.temporal.environment ?? {};
  assert.deepEqual([t.SQL_TLS_ENABLED, t.SQL_HOST_VERIFICATION, t.SQL_CA], ['true', 'true', '/run/secrets/tls_ca']);
  assert.equal(services[SCHEMA].environment?.SQL_TLS, 'true');
  assert.match(asRun(services.temporal.entrypoint), /POSTGRES_PWD="\$\(cat \/run\/secrets\/postgres_password\)"/);
});

test('MongoDB requires authentication; the worker connects as its own user, the operator audit append-only for it', () => {
  const env = services.mongodb.environment ?? {};
  assert.ok(env.MONGO_INITDB_ROOT_USERNAME && env.MONGO_INITDB_ROOT_PASSWORD_FILE, 'a root user: authentication on');
  const init = services.mongodb.volumes?.find((v) => v.includes('/docker-entrypoint-initdb.d/'));
  assert.ok(init?.endsWith(':ro'), 'the init script is mounted');
  const script = fs.readFileSync(path.join(root, init!.split(':')[0]), 'utf8');
  assert.match(script, /roles: \[\{ role: 'esrWorker', db: tis \}\]/);
  assert.match(script, /readFileSync\(passwordFile/);
  assert.deepEqual(
    [...script.matchAll(/role: '(\w+)'/g)].map((m) => m[1]),
    ['esrWorker', 'esrWorker', 'read'],
    "the worker's own role, defined there, and the portal's built-in read on the TIS database only",
  );
  assert.match(
    script,
    /user: process\.env\.ESR_PORTAL_MONGODB_USER \|\| 'esr_portal',\s+pwd: portalPassword,\s+roles: \[\{ role: 'read', db: tis \}\]/,
  );
  // The role names every collection the service uses (store/store.ts), and no action beyond a collection's data.
  const list = (name: string) =>
    [...(new RegExp(`const ${name} = \\[([^\\]]*)\\]`).exec(script)?.[1] ?? '').matchAll(/'([\w.]+)'/g)].map(
      (m) => m[1],
    );
  const used = Object.values(collections({ collection: (n: string) => n } as unknown as Db)) as unknown as string[];
  assert.deepEqual([...list('readWriteCollections'), ...list('appendOnlyCollections')].sort(), [...used].sort());
  // The operator audit is append-only for the worker: read and insert, never update or remove.
  assert.deepEqual(list('appendOnlyCollections'), ['esr_operator_actions']);
  assert.ok(
    ['find', 'insert'].every((a) => list('appendOnly').includes(a)),
    'the audit is read and appended to',
  );
  assert.ok(list('readWrite').includes('update') && list('readWrite').includes('remove'));
  assert.deepEqual(
    list('appendOnly').filter((a) => ['update', 'remove', 'dropCollection'].includes(a)),
    [],
  );
  assert.deepEqual(
    list('readWrite').filter((a) => /drop|User|Role|grant|revoke/i.test(a)),
    [],
  );
  assert.doesNotMatch(JSON.stringify(services.worker.environment), /MONGO_ROOT/);
});

test('the worker reads the inbox read-only, and is given TLS, API key and payload keys', () => {
  assert.ok(services.worker.volumes?.includes('./inbox:/inbox:ro'));
  assert.equal(services.worker.read_only, true);
  const env = services.worker.environment ?? {};
  for (const v of ['TEMPORAL_TLS_CERT', 'TEMPORAL_TLS_KEY', 'TEMPORAL_TLS_CA'])
    assert.match(env[v] ?? '', new RegExp(`^\\$\\{${v}:`), v);
  assert.equal(env.TEMPORAL_API_KEY_FILE, '/run/secrets/temporal_api_key');
  assert.equal(env.TEMPORAL_PAYLOAD_KEYS_FILE, '/run/secrets/temporal_payload_keys');
  assert.deepEqual([services.worker.healthcheck?.test].flat(), ['CMD', 'node', 'dist/workers/healthcheck.js']);
});

test('every service but the one-shot jobs has a health check', () => {
  for (const [name, service] of Object.entries(services)) {
    if (ONE_SHOTS.includes(name)) continue;
    const check = [service.healthcheck?.test ?? []].flat();
    assert.ok(check.length > 1 && check.some((part) => part.trim().length > 0), `${name} has a healthcheck`);
  }
  assert.match([services.postgresql.healthcheck?.test].flat().join(' '), /pg_isready/);
  assert.match([services.temporal.healthcheck?.test].flat().join(' '), /cluster health/);
});

test('the init creates the namespace with RETENTION_DAYS and registers exactly the search attributes used', () => {
  const script = asRun(services[INIT].command);
  assert.match(
    script,
    /namespace create --address temporal:7233 --namespace default --retention "\$\{RETENTION_DAYS\}d"/,
  );
  assert.equal(services[INIT].environment?.RETENTION_DAYS, '${RETENTION_DAYS:-90}');
  const create = script.split('\n').find((line) => line.includes('search-attribute create'));
  assert.ok(create, 'a search-attribute create command');
  assert.match(create, /--address temporal:7233/);
  assert.match(create, /--namespace default/);
  const registered = Object.fromEntries([...create.matchAll(/--name (\S+) --type (\S+)/g)].map((m) => [m[1], m[2]]));
  assert.deepEqual(registered, { ...CUSTOM_SEARCH_ATTRIBUTES }, 'the same list as src/search-attributes.ts');
  assert.equal(services[INIT].depends_on?.temporal?.condition, 'service_healthy');
});

test('depends_on conditions name existing services, and only ones that can meet them', () => {
  for (const [name, service] of Object.entries(services)) {
    for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
      assert.ok(services[dependency], `${name} depends on ${dependency}, which exists`);
      assert.notEqual(dependency, name);
      if (condition === 'service_healthy')
        assert.ok(services[dependency].healthcheck, `${dependency} has a healthcheck`);
      else assert.equal(condition, 'service_completed_successfully', `${name} → ${dependency}: ${condition}`);
      if (condition === 'service_completed_successfully') assert.ok(ONE_SHOTS.includes(dependency));
    }
  }
  assert.deepEqual(services.worker.depends_on, {
    mongodb: { condition: 'service_healthy' },
    temporal: { condition: 'service_healthy' },
    [INIT]: { condition: 'service_completed_successfully' },
  });
});

/** `${VAR:-default}` is filled in by Compose from .env, unset it is the default; `${VAR:?}` as an operator fills it. */
function resolveEnv(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).map(([k, v]) => [
      k,
      v.replace(/\$\{([A-Z_]+):-([^}]*)\}/g, '$2').replace(/\$\{([A-Z_]+):\?[^}]*\}/g, 'filled-in'),
    ]),
  );
}

/** The service's `/run/secrets/<name>` files, written as a deployer would, under a temporary folder. */
function withSecretFiles(env: Record<string, string>, mounted: string[]): Record<string, string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esr-secrets-'));
  const values: Record<string, string> = {
    temporal_payload_keys: `k1:${Buffer.alloc(32, 7).toString('base64')}\n`,
    worker_mongodb_uri:
      'mongodb://esr_worker:a-password@mongodb:27017/tis?authSource=tis&tls=true&tlsCAFile=/run/secrets/tls_ca\n',
    notify_secret: '',
    notify_secret_secondary: '',
    temporal_api_key: '',
  };
  for (const name of mounted) fs.writeFileSync(path.join(dir, name), values[name] ?? `${'x'.repeat(32)}\n`);
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v.replace(/^\/run\/secrets\//, `${dir}/`)]));
}

test("the worker's environment names the stack's servers, and the service's config accepts it", () => {
  const env = services.worker.environment ?? {};
  assert.equal(env.TEMPORAL_ADDRESS, 'temporal:7233');
  assert.equal(env.TIS_DB, 'tis');
  assert.equal(env.ESR_INBOX_DIR, '/inbox');
  const config = loadConfig(withSecretFiles(resolveEnv(env), services.worker.secrets ?? []));
  assert.match(config.MONGODB_URI, /^mongodb:\/\/esr_worker:.*tls=true/);
  assert.equal(config.TEMPORAL_API_KEY, undefined, 'an empty secret file is no key');
  assert.ok(config.TEMPORAL_PAYLOAD_KEYS);
});

test('the worker image: Node 22 LTS pinned, compiled JavaScript, production dependencies only, non-root', () => {
  assert.equal((services.worker.build as { context?: string })?.context, '.');
  const dockerfile = fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8');
  const froms = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
  assert.equal(froms.length, 2, 'a build stage and a runtime stage');
  for (const from of froms) assert.match(from, /^node:22\.\d+\.\d+-bookworm-slim@sha256:/);
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
  assert.match(runtime, /npm ci --omit=dev/);
  assert.doesNotMatch(runtime, /--include=dev|npm run build|tsx/);
  assert.match(runtime, /COPY --from=build \/app\/dist \.\/dist/);
  assert.match(runtime, /^USER node$/m);
  assert.match(runtime, /^CMD \["node", ?"--max-old-space-size=256", ?"dist\/workers\/main\.js"\]$/m);
  const build = dockerfile.slice(0, dockerfile.lastIndexOf('FROM '));
  assert.ok(build.indexOf('npm ci') < build.indexOf('RUN npm run build'), 'npm ci, then npm run build');
  const ignored = fs.readFileSync(path.join(root, '.dockerignore'), 'utf8').split('\n');
  for (const entry of ['node_modules', 'dist', '.tools', '.data', '.git', '.env', 'secrets'])
    assert.ok(ignored.includes(entry), entry);
});
