/**
 * docker-compose.yml cannot be run here (no Docker), so its promises are checked as data: the services, nothing
 * published but the Web UI and the portal on 127.0.0.1, MongoDB with authentication and least-privilege users, secrets
 * only from .env (documented in .env.example, never committed), images pinned to exact versions, health checks that
 * `depends_on` can wait for, the search attributes the service uses, a read-only inbox, TLS and API key passed to
 * the worker, a worker environment the service's own config accepts, and a Dockerfile building compiled JavaScript
 * on Node 22 with production dependencies only, run as a non-root user.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config';
import { CUSTOM_SEARCH_ATTRIBUTES } from '../../src/search-attributes';

interface ComposeService {
  image?: string;
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
const compose = parse(fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, ComposeService>;
};
const services = compose.services;
const INIT = 'temporal-admin-tools';

/** The registration command of the init service, as one string. */
const initScript = () => [services[INIT].command ?? []].flat().join('\n');

test('the stack has its services', () => {
  assert.deepEqual(Object.keys(services).sort(), [
    'mongodb',
    'portal',
    'postgresql',
    'temporal',
    'temporal-admin-tools',
    'temporal-ui',
    'worker',
  ]);
  assert.match(services.mongodb.image ?? '', /^mongo:7\.\d+\.\d+$/);
  assert.match(services.postgresql.image ?? '', /^postgres:16\.\d+$/);
  assert.match(services.temporal.image ?? '', /^temporalio\/auto-setup:1\.2\d/);
  assert.match(services['temporal-ui'].image ?? '', /^temporalio\/ui:/);
  assert.equal(services.temporal.environment?.DB, 'postgres12');
  assert.ok(services[services.temporal.environment?.POSTGRES_SEEDS ?? ''], 'POSTGRES_SEEDS names the database service');
  for (const [name, service] of Object.entries(services)) {
    // An exact version: major.minor.patch (postgres's major.minor is its exact release), never a floating tag.
    if (service.image) assert.match(service.image, /:\d+\.\d+(\.\d+)?(-[\w.-]+)?$/, `${name} pins ${service.image}`);
  }
});

test('nothing is published but the Web UI and the portal, and those on 127.0.0.1 only', () => {
  const published = Object.entries(services).filter(([, s]) => s.ports?.length);
  assert.deepEqual(published.map(([name]) => name).sort(), ['portal', 'temporal-ui']);
  assert.deepEqual(services['temporal-ui'].ports, ['127.0.0.1:8233:8080']);
  assert.deepEqual(services.portal.ports, ['127.0.0.1:8235:8235']);
  assert.equal(services['temporal-ui'].environment?.TEMPORAL_ADDRESS, 'temporal:7233');
});

/** Every `${VAR...}` the compose file takes from .env. */
const composeText = fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8');
const variables = [...new Set([...composeText.matchAll(/\$\{([A-Z_]+)/g)].map((m) => m[1]))];

test('secrets come from an uncommitted .env, each documented in .env.example; none is written in the file', () => {
  for (const [name, service] of Object.entries(services)) {
    for (const [key, value] of Object.entries(service.environment ?? {})) {
      if (/PASSWORD|PWD|SECRET|KEY/.test(key))
        assert.match(String(value), /^\$\{[A-Z_]+(:[?-][^}]*)?\}$/, `${name}.${key} comes from .env`);
    }
  }
  for (const required of [
    'MONGO_ROOT_PASSWORD',
    'POSTGRES_PASSWORD',
    'ESR_WORKER_MONGODB_PASSWORD',
    'ESR_PORTAL_MONGODB_PASSWORD',
    'TEMPORAL_PAYLOAD_KEYS',
    'PORTAL_OIDC_ISSUER',
    'PORTAL_OIDC_CLIENT_SECRET',
    'PORTAL_SESSION_SECRET',
  ])
    assert.match(composeText, new RegExp(`\\$\\{${required}:\\?`), `${required} is required`);
  const example = fs.readFileSync(path.join(root, '.env.example'), 'utf8');
  const documented = new Set([...example.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]));
  for (const v of variables.filter((v) => v !== 'TEMPORAL_CODEC_ENDPOINT'))
    assert.ok(documented.has(v), `${v} in .env.example`);
  for (const line of example.split('\n').filter((l) => /PASSWORD=|SECRET=|KEYS=|API_KEY=/.test(l)))
    assert.match(line, /=$/, `.env.example leaves ${line.split('=')[0]} empty`);
  const gitignore = fs.readFileSync(path.join(root, '.gitignore'), 'utf8').split('\n');
  assert.ok(gitignore.includes('.env'), '.env is not committed');
});

test('MongoDB requires authentication, and the worker connects as its own readWrite-on-tis user', () => {
  const env = services.mongodb.environment ?? {};
  assert.ok(env.MONGO_INITDB_ROOT_USERNAME && env.MONGO_INITDB_ROOT_PASSWORD, 'a root user: authentication on');
  const init = services.mongodb.volumes?.find((v) => v.includes('/docker-entrypoint-initdb.d/'));
  assert.ok(init?.endsWith(':ro'), 'the init script is mounted');
  const script = fs.readFileSync(path.join(root, init!.split(':')[0]), 'utf8');
  assert.match(script, /roles: \[\{ role: 'readWrite', db: tis \}\]/);
  assert.deepEqual(
    [...script.matchAll(/role: '(\w+)'/g)].map((m) => m[1]),
    ['readWrite', 'read'],
    'no other role: readWrite for the worker, read for the portal',
  );
  assert.match(
    script,
    /user: process\.env\.ESR_PORTAL_MONGODB_USER \|\| 'esr_portal',[^}]*roles: \[\{ role: 'read', db: tis \}\]/s,
  );
  assert.match(
    services.portal.environment?.MONGODB_URI ?? '',
    /^mongodb:\/\/esr_portal:\$\{ESR_PORTAL_MONGODB_PASSWORD:\?[^}]*\}@mongodb:27017\/tis\?authSource=tis$/,
  );
  const uri = services.worker.environment?.MONGODB_URI ?? '';
  assert.match(
    uri,
    /^mongodb:\/\/esr_worker:\$\{ESR_WORKER_MONGODB_PASSWORD:\?[^}]*\}@mongodb:27017\/tis\?authSource=tis$/,
  );
  assert.doesNotMatch(JSON.stringify(services.worker.environment), /MONGO_ROOT/);
});

test('the worker reads the inbox read-only, and is given TLS, API key and payload keys from .env', () => {
  assert.ok(services.worker.volumes?.includes('./inbox:/inbox:ro'));
  assert.equal(services.worker.read_only, true);
  const env = services.worker.environment ?? {};
  for (const v of [
    'TEMPORAL_TLS_CERT',
    'TEMPORAL_TLS_KEY',
    'TEMPORAL_TLS_CA',
    'TEMPORAL_API_KEY',
    'TEMPORAL_PAYLOAD_KEYS',
  ])
    assert.match(env[v] ?? '', new RegExp(`^\\$\\{${v}:`), v);
  assert.deepEqual([services.worker.healthcheck?.test].flat(), ['CMD', 'node', 'dist/workers/healthcheck.js']);
});

test('every service but the one-shot init has a health check', () => {
  for (const [name, service] of Object.entries(services)) {
    if (name === INIT) continue;
    const check = [service.healthcheck?.test ?? []].flat();
    assert.ok(check.length > 1 && check.some((part) => part.trim().length > 0), `${name} has a healthcheck`);
  }
  assert.match([services.mongodb.healthcheck?.test].flat().join(' '), /mongosh.*ping/);
  assert.match([services.postgresql.healthcheck?.test].flat().join(' '), /pg_isready/);
  assert.match([services.temporal.healthcheck?.test].flat().join(' '), /cluster health/);
});

test('the init registers exactly the search attributes the service uses, on temporal:7233', () => {
  const script = initScript();
  const create = script.split('\n').find((line) => line.includes('search-attribute create'));
  assert.ok(create, 'a search-attribute create command');
  assert.match(create, /--address temporal:7233/);
  assert.match(create, /--namespace default/);
  const registered = Object.fromEntries([...create.matchAll(/--name (\S+) --type (\S+)/g)].map((m) => [m[1], m[2]]));
  assert.deepEqual(registered, {
    EsrTrust: 'KeywordList',
    EsrExtractDate: 'Keyword',
    EsrPersonId: 'Keyword',
    TisPersonId: 'Keyword',
    EsrOutcome: 'Keyword',
    EsrRunKind: 'Keyword',
  });
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
      if (condition === 'service_completed_successfully') assert.equal(dependency, INIT);
    }
  }
  assert.deepEqual(services.worker.depends_on, {
    mongodb: { condition: 'service_healthy' },
    temporal: { condition: 'service_healthy' },
    [INIT]: { condition: 'service_completed_successfully' },
  });
});

test('the portal: the same image, read only, an external OpenID issuer, a config the service accepts', () => {
  const portal = services.portal;
  assert.ok(portal.build === '.' || (portal.build as { context?: string })?.context === '.');
  assert.equal(portal.read_only, true);
  assert.deepEqual([portal.command].flat(), ['node', 'dist/portal/run.js']);
  assert.equal(portal.depends_on?.mongodb?.condition, 'service_healthy');
  const env = portal.environment ?? {};
  for (const v of ['PORTAL_OIDC_ISSUER', 'PORTAL_OIDC_CLIENT_ID', 'PORTAL_OIDC_CLIENT_SECRET', 'PORTAL_SESSION_SECRET'])
    assert.match(env[v] ?? '', new RegExp(`^\\$\\{${v}:\\?`), `${v} required`);
  assert.equal(env.PORTAL_PORT, '8235');
  const filled: Record<string, string> = {
    ESR_PORTAL_MONGODB_PASSWORD: 'a-password',
    PORTAL_OIDC_ISSUER: 'https://login.example.nhs.uk',
    PORTAL_OIDC_CLIENT_ID: 'esr-portal',
    PORTAL_OIDC_CLIENT_SECRET: 'a-client-secret',
    PORTAL_SESSION_SECRET: 'x'.repeat(32),
  };
  const resolved = Object.fromEntries(
    Object.entries(env).map(([k, v]) => [
      k,
      v
        .replace(/\$\{([A-Z_]+):-([^}]*)\}/g, '$2')
        .replace(/\$\{([A-Z_]+):\?[^}]*\}/g, (_m, name: string) => filled[name]),
    ]),
  );
  const config = loadConfig(resolved);
  assert.equal(config.PORTAL_OIDC_ISSUER, 'https://login.example.nhs.uk');
  const dockerfile = fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8');
  assert.match(dockerfile, /COPY --from=build \/app\/portal\/views \.\/dist\/portal\/views/);
});

test("the worker's environment names the stack's servers, and the service's config accepts it", () => {
  const env = services.worker.environment ?? {};
  assert.equal(env.TEMPORAL_ADDRESS, 'temporal:7233');
  assert.equal(env.TIS_DB, 'tis');
  assert.equal(env.ESR_INBOX_DIR, '/inbox');
  // `${VAR:-default}` is filled in by Compose from .env, unset it is the default; `${VAR:?}` as an operator fills it.
  const filled: Record<string, string> = {
    ESR_WORKER_MONGODB_PASSWORD: 'a-password',
    TEMPORAL_PAYLOAD_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
  };
  const resolved = Object.fromEntries(
    Object.entries(env).map(([k, v]) => [
      k,
      v
        .replace(/\$\{([A-Z_]+):-([^}]*)\}/g, '$2')
        .replace(/\$\{([A-Z_]+):\?[^}]*\}/g, (_m, name: string) => filled[name]),
    ]),
  );
  assert.doesNotThrow(() => loadConfig(resolved));
});

test('the worker image: Node 22 LTS pinned, compiled JavaScript, production dependencies only, non-root', () => {
  assert.ok(services.worker.build === '.' || (services.worker.build as { context?: string })?.context === '.');
  const dockerfile = fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8');
  const froms = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
  assert.equal(froms.length, 2, 'a build stage and a runtime stage');
  for (const from of froms) assert.match(from, /^node:22\.\d+\.\d+-bookworm-slim$/);
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
  assert.match(runtime, /npm ci --omit=dev/);
  assert.doesNotMatch(runtime, /--include=dev|npm run build|tsx/);
  assert.match(runtime, /COPY --from=build \/app\/dist \.\/dist/);
  assert.match(runtime, /^USER node$/m);
  assert.match(runtime, /^CMD \["node", ?"--max-old-space-size=256", ?"dist\/workers\/main\.js"\]$/m);
  const build = dockerfile.slice(0, dockerfile.lastIndexOf('FROM '));
  assert.ok(build.indexOf('npm ci') < build.indexOf('RUN npm run build'), 'npm ci, then npm run build');
  const ignored = fs.readFileSync(path.join(root, '.dockerignore'), 'utf8').split('\n');
  for (const entry of ['node_modules', 'dist', '.tools', '.data', '.git', '.env'])
    assert.ok(ignored.includes(entry), entry);
});
