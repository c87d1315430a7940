/**
 * docker-compose.yml cannot be run here (no Docker), so its promises are checked as data: the services and ports
 * operators rely on, health checks that `depends_on` can wait for, the search attributes the service uses, and a
 * worker environment the service's own config accepts.
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
    'postgresql',
    'temporal',
    'temporal-admin-tools',
    'temporal-ui',
    'worker',
  ]);
  assert.match(services.mongodb.image ?? '', /^mongo:7/);
  assert.match(services.postgresql.image ?? '', /^postgres:16/);
  assert.match(services.temporal.image ?? '', /^temporalio\/auto-setup:1\.2\d/);
  assert.match(services['temporal-ui'].image ?? '', /^temporalio\/ui:/);
  assert.equal(services.temporal.environment?.DB, 'postgres12');
  assert.ok(services[services.temporal.environment?.POSTGRES_SEEDS ?? ''], 'POSTGRES_SEEDS names the database service');
  for (const [name, service] of Object.entries(services)) {
    if (service.image) assert.doesNotMatch(service.image, /:latest$|^[^:]+$/, `${name} pins its image`);
  }
});

test('the ports operators use are published', () => {
  assert.ok(services.temporal.ports?.includes('7233:7233'));
  assert.ok(services['temporal-ui'].ports?.includes('8233:8080'));
  assert.ok(services.mongodb.ports?.includes('27017:27017'));
  assert.equal(services['temporal-ui'].environment?.TEMPORAL_ADDRESS, 'temporal:7233');
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

test("the worker's environment names the stack's servers, and the service's config accepts it", () => {
  const env = services.worker.environment ?? {};
  assert.equal(env.TEMPORAL_ADDRESS, 'temporal:7233');
  assert.equal(env.MONGODB_URI, 'mongodb://mongodb:27017');
  assert.equal(env.TIS_DB, 'tis');
  assert.equal(env.ESR_INBOX_DIR, '/inbox');
  assert.ok(services.worker.volumes?.includes('./inbox:/inbox'));
  // `${VAR:-}` is filled in by Compose from the operator's shell; unset, it is empty.
  const resolved = Object.fromEntries(
    Object.entries(env).map(([k, v]) => [k, v.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1')]),
  );
  assert.doesNotThrow(() => loadConfig(resolved));
});

test('the worker is built from the Dockerfile: node 20, npm ci, build, npm run worker', () => {
  assert.ok(services.worker.build === '.' || (services.worker.build as { context?: string })?.context === '.');
  const dockerfile = fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8');
  assert.match(dockerfile, /^FROM node:20-slim$/m);
  const ci = dockerfile.indexOf('npm ci');
  const build = dockerfile.indexOf('RUN npm run build');
  assert.ok(ci >= 0 && build > ci, 'npm ci, then npm run build');
  assert.ok(dockerfile.indexOf('NODE_ENV=production') > ci, 'NODE_ENV=production only after npm ci keeps dev deps');
  assert.match(dockerfile, /^CMD \["npm", ?"run", ?"worker"\]$/m);
  const ignored = fs.readFileSync(path.join(root, '.dockerignore'), 'utf8').split('\n');
  for (const entry of ['node_modules', 'dist', '.tools', '.data', '.git']) assert.ok(ignored.includes(entry), entry);
});
