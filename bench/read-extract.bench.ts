/**
 * `npm run bench:reader`: how fast the streaming reader reads, and evidence that its memory stays flat as files
 * grow (it must never hold a whole extract; a national full refresh is 70,000 rows and more).
 *
 * Writes synthetic extracts (made-up people, nothing real) of 10,000 and 100,000 rows to a temp dir, reads each
 * with readExtractFile while sampling process.memoryUsage(), and prints rows/second and the peak RSS and heap
 * above the baseline taken just before the read. Other sizes: `npm run bench:reader -- 5000 1000000`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import v8 from 'node:v8';
import vm from 'node:vm';
import { readExtractFile } from '../src/extract/read-extract';
import { LOCAL_OFFICES, PER_FIELDS, type PerRow } from '../src/extract/types';

const MB = 1024 * 1024;
const SAMPLE_EVERY_ITEMS = 1000;
const SAMPLE_EVERY_MS = 5;

// A clean baseline needs a collection before each read; tsx gives no way to pass --expose-gc, so enable it here.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const FORENAMES = ['Alex', 'Sam', 'Jo', 'Chris', 'Robin', 'Kim', 'Lee', 'Max'];
const SURNAMES = ['Example', 'Sample', 'Testperson', 'Placeholder', 'Dummy', 'Fictional'];

/** A plausible-looking, entirely synthetic row; `i` makes ids unique. */
function syntheticRow(i: number, office: string): PerRow {
  const id = String(2_000_000 + i);
  return {
    employingTrust: `R${String.fromCharCode(65 + (i % 26))}${i % 10}`,
    esrPersonId: id,
    assignmentNumber: `${id}-${1 + (i % 3)}`,
    employerRole: i % 17 === 0 ? 'HOST' : 'LEAD',
    assignmentStatus: i % 23 === 0 ? 'SUSPENDED' : 'ACTIVE',
    assignmentStart: '2026-08-05',
    assignmentEnd: i % 5 === 0 ? '' : '2027-08-04',
    positionNumber: `POS-${i}`,
    deaneryPostNumber: `${office}/RGT00/IMT/CT1/${String(i % 1000).padStart(3, '0')}`,
    gmcNumber: String(7_000_000 + (i % 999_999)),
    gdcNumber: '',
    title: 'Dr',
    forenames: FORENAMES[i % FORENAMES.length],
    surname: SURNAMES[i % SURNAMES.length],
    knownAs: '',
    previousSurname: '',
    dateOfBirth: `19${70 + (i % 30)}-0${1 + (i % 9)}-1${i % 10}`,
    gender: 'X',
    nino: '',
    homePhone: '',
    mobilePhone: '07700 900000',
    email: `trainee${i}@example.invalid`,
    ethnicOrigin: 'Z',
    addressLine1: `${1 + (i % 200)} Example Road`,
    addressLine2: '',
    addressLine3: '',
    town: 'Testtown',
    postcode: 'ZZ99 9ZZ',
    lastUpdated: '2026-11-24T10:00:00+00:00',
  };
}

/** Streams the file out in chunks, so generating it does not itself inflate the process's memory. */
async function writeExtract(dir: string, rows: number): Promise<string> {
  const office = LOCAL_OFFICES[0];
  const name = `DE_${office}_RMC_20261125_${String(rows).padStart(8, '0')}.DAT`;
  const full = path.join(dir, name);
  const out = fs.createWriteStream(full, { encoding: 'utf8' });
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(
    `\uFEFFHDR|ESR_RMC|1.0|${office}|20261125|${String(rows).padStart(8, '0')}|2026-11-25T02:00:00+00:00\r\n`,
  );
  let chunk = '';
  for (let i = 0; i < rows; i += 1) {
    const row = syntheticRow(i, office);
    chunk += `PER|${PER_FIELDS.map((f) => row[f]).join('|')}\r\n`;
    if (chunk.length > 256 * 1024) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(`${chunk}TRL|${rows}\r\n`);
  out.end();
  await once(out, 'finish');
  return full;
}

interface Result {
  rows: number;
  fileMb: number;
  seconds: number;
  baseRssMb: number;
  peakRssMb: number;
  baseHeapMb: number;
  peakHeapMb: number;
  /** Heap after the read and a collection: what the reader left behind. */
  afterGcHeapMb: number;
}

async function measure(file: string, rows: number): Promise<Result> {
  gc();
  const base = process.memoryUsage();
  let peakRss = base.rss;
  let peakHeap = base.heapUsed;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const timer = setInterval(sample, SAMPLE_EVERY_MS);
  const started = process.hrtime.bigint();
  let items = 0;
  let read = 0;
  let status = '';
  for await (const item of readExtractFile(file)) {
    items += 1;
    if (item.kind === 'row') read += 1;
    if (item.kind === 'end') status = item.summary.status;
    if (items % SAMPLE_EVERY_ITEMS === 0) sample();
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(timer);
  sample();
  gc();
  const afterGcHeapMb = process.memoryUsage().heapUsed / MB;
  if (status !== 'ACCEPTED' || read !== rows)
    throw new Error(`expected ${rows} rows accepted, got ${read} (${status})`);
  return {
    rows,
    fileMb: fs.statSync(file).size / MB,
    seconds,
    baseRssMb: base.rss / MB,
    peakRssMb: peakRss / MB,
    baseHeapMb: base.heapUsed / MB,
    peakHeapMb: peakHeap / MB,
    afterGcHeapMb,
  };
}

async function main(): Promise<void> {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esr-reader-bench-'));
  try {
    const files: [number, string][] = [];
    for (const rows of sizes.length ? sizes : [10_000, 100_000]) files.push([rows, await writeExtract(dir, rows)]);
    // Warm up the JIT and the zod schemas on a small file, so the first size is not penalised.
    await measure(await writeExtract(dir, 2_000), 2_000);
    console.log(`node ${process.version}, ${os.cpus().length} CPU(s) ${os.cpus()[0]?.model ?? ''}`.trim());
    const fmt = (n: number, d = 1) => n.toFixed(d).padStart(8);
    console.log(
      '    rows   file MB   seconds     rows/s   RSS base→peak (+Δ) MB   heap base→peak (+Δ) MB   heap after GC MB',
    );
    for (const [rows, file] of files) {
      const r = await measure(file, rows);
      console.log(
        `${String(r.rows).padStart(8)}  ${fmt(r.fileMb)}  ${fmt(r.seconds, 2)}  ${String(Math.round(r.rows / r.seconds)).padStart(9)}` +
          `   ${fmt(r.baseRssMb)} →${fmt(r.peakRssMb)} (+${(r.peakRssMb - r.baseRssMb).toFixed(1)})` +
          `   ${fmt(r.baseHeapMb)} →${fmt(r.peakHeapMb)} (+${(r.peakHeapMb - r.baseHeapMb).toFixed(1)})` +
          `   ${fmt(r.afterGcHeapMb)}`,
      );
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
