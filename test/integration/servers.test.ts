import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { MongoClient } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { namespaceRetention, setNamespaceRetention } from '../../workers/namespace-retention';
import { postgresBinDir } from '../../servers/tools';
import { CUSTOM_SEARCH_ATTRIBUTES } from '../../src/search-attributes';

const embeddedFerretDb = (process.env.ESR_TEST_STARTED ?? '').split(',').includes('ferretdb');

test('the harness servers answer, with our search attributes registered', async () => {
  const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS });
  try {
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
    for (const name of Object.keys(CUSTOM_SEARCH_ATTRIBUTES)) assert.ok(customAttributes?.[name], `${name} missing`);
  } finally {
    await connection.close();
  }
  const client = await MongoClient.connect(process.env.MONGODB_URI!);
  try {
    const col = client.db('harness_check').collection<{ _id: string; n: number }>('probe');
    await col.deleteMany({});
    await col.insertOne({ _id: 'a', n: 1 });
    assert.equal((await col.findOne({ _id: 'a' }))?.n, 1);
  } finally {
    await client.close();
  }
});

test(
  "the embedded FerretDB keeps its data in the harness's PostgreSQL cluster",
  { skip: embeddedFerretDb ? false : 'MONGODB_URI names a server of its own; the harness started no FerretDB' },
  async () => {
    const postgresUrl = process.env.ESR_TEST_POSTGRES_URL;
    assert.ok(postgresUrl, 'the harness started FerretDB but exported no ESR_TEST_POSTGRES_URL');
    const client = await MongoClient.connect(process.env.MONGODB_URI!);
    try {
      // FerretDB names its backend in the startup warnings that mongosh shows (its version reads "unknown" when embedded).
      const { log } = (await client.db('admin').command({ getLog: 'startupWarnings' })) as { log: string[] };
      assert.match(log.join('\n'), /Powered by FerretDB \S+ and PostgreSQL \d+/);

      const col = client.db('ferret_on_postgres').collection<{ _id: string; trust: string }>('people');
      await col.deleteMany({});
      await col.insertMany([
        { _id: 'p1', trust: 'RGT' },
        { _id: 'p2', trust: 'RJ1' },
      ]);
    } finally {
      await client.close();
    }
    // The same documents, read with psql straight from PostgreSQL: a schema per MongoDB database, a table per
    // collection, each document a jsonb value.
    const url = new URL(postgresUrl);
    const psql = (sql: string) =>
      execFileSync(
        path.join(postgresBinDir()!, 'psql'),
        [
          '-X',
          '-A',
          '-t',
          '-h',
          url.hostname,
          '-p',
          url.port,
          '-U',
          'postgres',
          '-d',
          url.pathname.slice(1),
          '-c',
          sql,
        ],
        { encoding: 'utf8' },
      ).trim();
    const table = psql(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'ferret_on_postgres' AND table_name LIKE 'people%'`,
    );
    assert.match(table, /^people_[0-9a-f]+$/);
    assert.equal(
      psql(`SELECT string_agg(_jsonb->>'_id', ',' ORDER BY _jsonb->>'_id') FROM ferret_on_postgres."${table}"`),
      'p1,p2',
    );
  },
);

test(
  'a look-up by _id on the embedded FerretDB is an index scan in PostgreSQL, not a read of the whole table',
  { skip: embeddedFerretDb ? false : 'MONGODB_URI names a server of its own; the harness started no FerretDB' },
  async () => {
    const client = await MongoClient.connect(process.env.MONGODB_URI!);
    try {
      const db = client.db('id_lookup_plan');
      await db
        .collection<{ _id: string; version: number }>('people')
        .insertMany(Array.from({ length: 2_000 }, (_, k) => ({ _id: `p${k}`, version: k })));
      // FerretDB's explain carries PostgreSQL's plan; the version guard rides along as a filter on the index scan.
      const { queryPlanner } = (await db.command({
        explain: { find: 'people', filter: { _id: 'p7', version: 7 } },
      })) as { queryPlanner: { Plan: { 'Node Type': string; 'Index Cond'?: string } } };
      assert.equal(queryPlanner.Plan['Node Type'], 'Index Scan', JSON.stringify(queryPlanner.Plan));
      assert.match(queryPlanner.Plan['Index Cond'] ?? '', /_id/);
    } finally {
      await client.close();
    }
  },
);

test(
  "no process's command line carries the codec server's token (ps shows every account's)",
  { skip: process.env.ESR_TEST_CODEC_TOKEN ? false : 'the harness started no Web UI and no codec server' },
  () => {
    const token = process.env.ESR_TEST_CODEC_TOKEN!;
    let looked = 0;
    for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
      let cmdline: string;
      try {
        cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        continue; // ended meanwhile
      }
      looked++;
      assert.ok(!cmdline.includes(token), `process ${pid} has the codec token on its command line`);
    }
    assert.ok(looked > 3, 'read the command lines of the running processes');
    // The dev server serves its Web UI with the codec endpoint (token included) read from its 0600 env file.
    const envFile = path.join(process.env.ESR_TEST_DATA_DIR!, 'temporal-cli-env.yaml');
    assert.ok(fs.readFileSync(envFile, 'utf8').includes(token));
    assert.equal(fs.statSync(envFile).mode & 0o777, 0o600);
  },
);

test(
  'the embedded stack is closed to other accounts: no MongoDB or PostgreSQL access without the generated passwords',
  { skip: embeddedFerretDb ? false : 'MONGODB_URI names a server of its own; the harness started no FerretDB' },
  async () => {
    const withCredentials = new URL(process.env.MONGODB_URI!);
    assert.ok(withCredentials.username && withCredentials.password, 'the harness hands on MONGODB_URI with its user');
    const address = `mongodb://${withCredentials.host}/`;
    const refused = async (uri: string) => {
      const client = await MongoClient.connect(uri, { serverSelectionTimeoutMS: 5000 });
      try {
        await assert.rejects(client.db('tis').collection('people').findOne({}), (err: Error) => {
          assert.doesNotMatch(err.message, new RegExp(withCredentials.password));
          return true;
        });
      } finally {
        await client.close();
      }
    };
    await refused(address); // anonymous
    await refused(`mongodb://esr:wrong-password@${withCredentials.host}/?authMechanism=PLAIN&authSource=%24external`);

    // PostgreSQL: scram-sha-256 only; without the password file no account gets in, the superuser included.
    const url = new URL(process.env.ESR_TEST_POSTGRES_URL!);
    const psql = (user: string, env: NodeJS.ProcessEnv, sql = 'SELECT 1') =>
      execFileSync(
        path.join(postgresBinDir()!, 'psql'),
        ['-XAt', '-h', url.hostname, '-p', url.port, '-U', user, '-d', 'ferretdb', '-w', '-c', sql],
        { encoding: 'utf8', env, stdio: 'pipe' },
      ).trim();
    const noPasswords = { ...process.env, PGPASSFILE: '/nonexistent', PGPASSWORD: '' };
    for (const user of ['postgres', 'esr']) assert.throws(() => psql(user, noPasswords), /password/);
    // FerretDB's role cannot run programs as the cluster's owner: it is no superuser.
    assert.equal(psql('esr', process.env, "SELECT rolsuper FROM pg_roles WHERE rolname = 'esr'"), 'f');
    const passFile = process.env.PGPASSFILE!;
    for (const file of [
      passFile,
      ...['postgres-password', 'mongodb-password'].map((f) => path.join(path.dirname(passFile), f)),
    ])
      assert.equal(fs.statSync(file).mode & 0o777, 0o600, file);
  },
);

test('a namespace keeping histories longer than RETENTION_DAYS is found, and set to it', async () => {
  const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS });
  const namespace = `esr-retention-check-${randomUUID().slice(0, 8)}`;
  try {
    await connection.workflowService.registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: msToTs(200 * 86_400_000),
    });
    assert.deepEqual(await namespaceRetention(connection, namespace, 90), { days: 200, exceeds: true });
    await setNamespaceRetention(connection, namespace, 30);
    assert.deepEqual(await namespaceRetention(connection, namespace, 90), { days: 30, exceeds: false });
  } finally {
    await connection.close();
  }
});
