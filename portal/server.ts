/**
 * The data-quality portal: a read-only web service over the days the runs kept in MongoDB, for trusts' ESR teams,
 * local offices and TIS staff. Fastify serves pages built with the NHS.UK frontend's Nunjucks macros (no script
 * needed); sign-in is OpenID Connect (portal/sign-in.ts); each user sees only the trusts their role claim grants
 * (portal/access.ts), and any other trust is a 403 that the lists never mention.
 *
 * Every figure comes from the report code the runs use (store/data-quality-report-input.ts, src/reports): the
 * pages say what the trusts' report files say, and the CSV beside each day page is the file's CSV.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySession from '@fastify/session';
import fastifyStatic from '@fastify/static';
import fastifyView from '@fastify/view';
import nunjucks from 'nunjucks';
import type { Logger } from 'pino';
import { toCsv } from '../src/reports/data-quality-report';
import { cleanShare, dayFigures, rankTrusts, trendOf, type DayFigures } from '../src/reports/day-figures';
import { explainCode } from '../src/reports/report-explanations';
import { reportSections, type ReportTable } from '../src/reports/report-sections';
import { addDays } from '../src/london-date';
import { NO_ACCESS, seesOffices, visibleOffices, visibleTrusts, type Access } from './access';
import { barChart } from './bar-chart';
import type { ReportReader } from './report-reader';
import { ExpiringSessionStore } from './session-store';
import { SignIn, type PendingSignIn, type PortalUser } from './sign-in';

declare module 'fastify' {
  interface Session {
    user?: PortalUser;
    pending?: PendingSignIn;
  }
}

export interface PortalOptions {
  reader: ReportReader;
  signIn: SignIn;
  /** Signs the session cookie; random when unset (sessions end with the process). */
  sessionSecret?: string;
  /** Trust X-Forwarded-Proto from a proxy in front, so that cookies are Secure behind TLS. */
  trustProxy?: boolean;
  logger?: Logger;
}

/** How many days the ranking and the unattributed lines look back over. */
export const RANKING_DAYS = 30;
const ODS = /^[A-Z0-9]{3,5}$/;
/** A session lasts a working day at most. */
const SESSION_MS = 8 * 3_600_000;
const DATE = /^(\d{4}-\d{2}-\d{2})(\.csv)?$/;

const VIEWS = path.join(__dirname, 'views');
/** nhsuk-frontend's dist folder: its Nunjucks macros (`nhsuk/...`), stylesheet and images. */
const NHSUK_DIST = path.resolve(path.dirname(require.resolve('nhsuk-frontend')), '..');
const NHSUK_CSS = fs.readFileSync(path.join(NHSUK_DIST, 'nhsuk', 'nhsuk-frontend.min.css'));
const PORTAL_CSS = fs.readFileSync(path.join(VIEWS, 'portal.css'));

type NhsCell = { text?: string; html?: string; href?: string; format?: 'numeric' };
interface NhsTable {
  head: NhsCell[];
  rows: NhsCell[][];
}

/** A plain table as the NHS table macro takes it; every value a string (the macro would drop a 0). */
function nhsTable(t: ReportTable): NhsTable {
  const numeric = (i: number) => (t.numericColumns.includes(i) ? { format: 'numeric' as const } : {});
  return {
    head: t.headers.map((text, i) => ({ text, ...numeric(i) })),
    rows: t.rows.map((r) => r.map((c, i) => ({ text: String(c), ...numeric(i) }))),
  };
}

const percent = (share: number | undefined) => (share === undefined ? '–' : `${(share * 100).toFixed(1)}%`);
const TREND_TAG: Record<ReturnType<typeof trendOf>, { text: string; colour: string }> = {
  BETTER: { text: 'Better', colour: 'green' },
  WORSE: { text: 'Worse', colour: 'red' },
  SAME: { text: 'No change', colour: 'grey' },
  FIRST: { text: 'First day', colour: 'white' },
};

export async function buildPortal(opts: PortalOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(opts.logger ? { loggerInstance: opts.logger as FastifyBaseLogger } : { logger: false }),
    // No line per request: the sign-in callback's URL carries a one-time code.
    disableRequestLogging: true,
    trustProxy: opts.trustProxy ?? false,
  });
  const { reader, signIn } = opts;

  await app.register(fastifyHelmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        // On plain http (loopback) an upgrade would break the page; behind TLS every URL is https already.
        upgradeInsecureRequests: null,
      },
    },
    frameguard: { action: 'deny' },
  });
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifyCookie);
  // The sign-out form is the one form.
  await app.register(fastifyFormbody);
  await app.register(fastifySession, {
    secret: opts.sessionSecret ?? randomBytes(32).toString('base64url'),
    cookieName: 'esr_portal',
    saveUninitialized: false,
    // Eight hours from sign-in, however active: a working day.
    rolling: false,
    cookie: { httpOnly: true, secure: 'auto', sameSite: 'lax', path: '/', maxAge: SESSION_MS },
    store: new ExpiringSessionStore(SESSION_MS),
  });
  await app.register(fastifyView, {
    engine: { nunjucks },
    templates: [VIEWS, NHSUK_DIST],
    options: { autoescape: true, throwOnUndefined: false },
  });
  await app.register(fastifyStatic, {
    root: path.join(NHSUK_DIST, 'nhsuk', 'assets'),
    prefix: '/assets/',
    decorateReply: false,
    index: false,
  });
  app.get('/assets/nhsuk-frontend.min.css', (_req, reply) =>
    reply.type('text/css').header('cache-control', 'public, max-age=3600').send(NHSUK_CSS),
  );
  app.get('/assets/portal.css', (_req, reply) =>
    reply.type('text/css').header('cache-control', 'public, max-age=3600').send(PORTAL_CSS),
  );

  const render = (reply: FastifyReply, view: string, data: Record<string, unknown>, status = 200) => {
    const nonce = (reply as FastifyReply & { cspNonce?: { script: string } }).cspNonce?.script;
    return reply
      .code(status)
      .header('cache-control', 'no-store')
      .view(view, { ...data, user: reply.request.session?.user, cspNonce: nonce });
  };
  const message = (reply: FastifyReply, status: number, heading: string, text: string) =>
    render(
      reply,
      'message.njk',
      { pageTitle: heading, heading, message: text, link: { href: '/', text: 'Back to your trusts' } },
      status,
    );

  /** Signed in, or sent to sign in and brought back here after. */
  const user = async (request: FastifyRequest, reply: FastifyReply): Promise<PortalUser | undefined> => {
    const signedIn = request.session.user;
    if (signedIn) return signedIn;
    await reply.redirect(`/login?returnTo=${encodeURIComponent(request.url)}`);
    return undefined;
  };

  // Sign-in: to the provider and back. Rate-limited, as a flood of attempts is never a person signing in.
  const signInLimit = { rateLimit: { max: 30, timeWindow: '1 minute' } };
  app.get<{ Querystring: { returnTo?: string } }>('/login', { config: signInLimit }, async (request, reply) => {
    const wanted = request.query.returnTo ?? '/';
    // Only a path on this site: never an open redirect.
    const returnTo = /^\/(?![/\\])/.test(wanted) ? wanted : '/';
    const { url, pending } = await signIn.start(returnTo);
    request.session.pending = pending;
    return reply.redirect(url);
  });
  app.get('/auth/callback', { config: signInLimit }, async (request, reply) => {
    const pending = request.session.pending;
    if (!pending)
      return message(reply, 400, 'Sign-in expired', 'Your sign-in took too long or was already used. Sign in again.');
    let signedIn: PortalUser;
    try {
      signedIn = await signIn.finish(new URL(request.url, 'http://portal').search, pending);
    } catch (err) {
      request.log.warn({ err: { name: (err as Error).name } }, 'sign-in refused');
      request.session.pending = undefined;
      return message(reply, 401, 'Sign-in failed', 'The sign-in could not be completed. Sign in again.');
    }
    // A new session id once signed in (no fixation), holding only who and what they may see.
    await request.session.regenerate();
    request.session.user = signedIn;
    return reply.redirect(pending.returnTo);
  });
  app.post('/logout', async (request, reply) => {
    await request.session.destroy();
    return render(reply, 'message.njk', {
      pageTitle: 'Signed out',
      heading: 'You have signed out',
      message: 'You have signed out of ESR data quality.',
      link: { href: '/login', text: 'Sign in again' },
    });
  });

  /** What the user may see now: the known trusts are re-read (a new trust appears with its office's next file). */
  const scope = async (access: Access) => {
    const history = await reader.history();
    return { ...history, visible: new Set(visibleTrusts(access, history.offices)) };
  };
  /** The figures of the trusts given, each day of the dates given that holds them. */
  const figuresOf = async (dates: string[], trusts: Set<string>): Promise<DayFigures[]> =>
    (await Promise.all(dates.map((d) => reader.day(d)))).flatMap((day) =>
      day.trusts.filter((t) => trusts.has(t.trust)).map(dayFigures),
    );

  app.get('/', async (request, reply) => {
    const me = await user(request, reply);
    if (!me) return reply;
    const access = me.access ?? NO_ACCESS;
    const { dates, offices, visible } = await scope(access);
    const latest = dates[0];
    const since = latest ? addDays(latest, -(RANKING_DAYS - 1)) : undefined;
    const recent = dates.filter((d) => since && d >= since);
    const figures = await figuresOf(recent, visible);
    const trusts: NhsTable = {
      head: [
        { text: 'Trust' },
        { text: 'Latest day' },
        { text: 'Rows read', format: 'numeric' },
        { text: 'Rows skipped', format: 'numeric' },
        { text: 'Problems', format: 'numeric' },
        { text: 'Held', format: 'numeric' },
        { text: 'Kept newer TIS values', format: 'numeric' },
        { text: 'Applied cleanly', format: 'numeric' },
        { text: 'Trend' },
      ],
      rows: [...visible].map((trust) => {
        const mine = figures.filter((f) => f.trust === trust).sort((a, b) => (a.extractDate < b.extractDate ? 1 : -1));
        const [now, before] = mine;
        if (!now)
          return [
            { text: trust, href: `/trusts/${trust}` },
            { text: 'No report in the last 30 days' },
            ...Array.from({ length: 7 }, () => ({ text: '–' })),
          ];
        const tag = TREND_TAG[trendOf(now, before)];
        const n = (v: number) => ({ text: String(v), format: 'numeric' as const });
        return [
          { text: trust, href: `/trusts/${trust}` },
          { text: now.extractDate, href: `/trusts/${trust}/${now.extractDate}` },
          n(now.rowsRead),
          n(now.skipped),
          n(now.problems),
          n(now.held),
          n(now.conflicts),
          { text: percent(cleanShare([now])), format: 'numeric' },
          { html: `<strong class="nhsuk-tag nhsuk-tag--${tag.colour}">${tag.text}</strong>` },
        ];
      }),
    };
    let ranking: { since: string; table: NhsTable } | undefined;
    let unattributed: NhsTable | undefined;
    if (seesOffices(access) && since) {
      ranking = {
        since,
        table: {
          head: [
            { text: 'Rank', format: 'numeric' },
            { text: 'Trust' },
            { text: 'Days', format: 'numeric' },
            { text: 'Lines', format: 'numeric' },
            { text: 'Applied cleanly', format: 'numeric' },
            { text: 'Share applied cleanly', format: 'numeric' },
          ],
          rows: rankTrusts(figures).map((t) => [
            { text: String(t.rank), format: 'numeric' },
            { text: t.trust, href: `/trusts/${t.trust}` },
            { text: String(t.days), format: 'numeric' },
            { text: String(t.lines), format: 'numeric' },
            { text: String(t.appliedCleanly), format: 'numeric' },
            { text: percent(t.share), format: 'numeric' },
          ]),
        },
      };
      const mayOffices = visibleOffices(access);
      const lines = (await Promise.all(recent.map((d) => reader.day(d)))).flatMap((day) =>
        day.unattributed
          .filter((e) => !mayOffices || mayOffices.includes(offices.officeOfFile.get(e.file) ?? ''))
          .map((e) => ({ date: day.extractDate, ...e })),
      );
      unattributed = {
        head: [
          { text: 'Day' },
          { text: 'File' },
          { text: 'Line', format: 'numeric' },
          { text: 'Code' },
          { text: 'What it means' },
        ],
        rows: lines.map((e) => [
          { text: e.date },
          { text: e.file },
          { text: String(e.line), format: 'numeric' },
          { text: e.code },
          { text: `${explainCode(e.code).meaning} (${e.reason})` },
        ]),
      };
    }
    return render(reply, 'index.njk', { pageTitle: 'Your trusts', latest, trusts, ranking, unattributed });
  });

  /** The trust if the user may see it; otherwise the answer is sent (403, or 404 for an unknown trust to TIS). */
  const trustFor = async (request: FastifyRequest, reply: FastifyReply, ods: string) => {
    const me = await user(request, reply);
    if (!me) return undefined;
    const code = ods.toUpperCase();
    const known = ODS.test(code) ? await scope(me.access ?? NO_ACCESS) : undefined;
    if (!known || !known.visible.has(code)) {
      // TIS staff see every trust there is: what they cannot see does not exist. Anyone else is refused, whether or
      // not the trust exists, so that a 403 never tells them which codes do.
      if (me.access?.tis)
        await message(reply, 404, 'Page not found', 'There is no trust with that code in the retained days.');
      else
        await message(
          reply,
          403,
          'You do not have access to this trust',
          'Your account does not give access to that trust’s reports. If it should, ask TIS support.',
        );
      return undefined;
    }
    return { trust: code, dates: known.dates };
  };

  app.get<{ Params: { ods: string } }>('/trusts/:ods', async (request, reply) => {
    const found = await trustFor(request, reply, request.params.ods);
    if (!found) return reply;
    const { trust, dates } = found;
    const figures = (await figuresOf(dates, new Set([trust]))).sort((a, b) => (a.extractDate < b.extractDate ? -1 : 1));
    const latest = figures.at(-1);
    const crumbs = { items: [{ href: '/', text: 'Your trusts' }] };
    if (!latest) return render(reply, 'trust.njk', { pageTitle: trust, trust, crumbs });
    const latestInput = (await reader.day(latest.extractDate)).trusts.find((t) => t.trust === trust)!;
    const labels = figures.map((f) => f.extractDate);
    const byKey = (pick: (f: DayFigures) => Record<string, number>) =>
      [...new Set(figures.flatMap((f) => Object.keys(pick(f))))].sort();
    const single = (id: string, title: string, column: string, value: (f: DayFigures) => number) => ({
      title,
      chart: barChart({ id, title, labels, series: [{ name: column, values: figures.map(value) }] }),
      table: {
        head: [{ text: 'Day' }, { text: column, format: 'numeric' as const }],
        rows: figures.map((f) => [{ text: f.extractDate }, { text: String(value(f)), format: 'numeric' as const }]),
      },
    });
    const stacked = (id: string, title: string, pick: (f: DayFigures) => Record<string, number>) => {
      const keys = byKey(pick);
      return {
        title,
        chart: barChart({
          id,
          title,
          labels,
          series: keys.map((k) => ({ name: k, values: figures.map((f) => pick(f)[k] ?? 0) })),
        }),
        table: {
          head: [
            { text: 'Day' },
            ...keys.map((k) => ({ text: k, format: 'numeric' as const })),
            { text: 'Total', format: 'numeric' as const },
          ],
          rows: figures.map((f) => [
            { text: f.extractDate },
            ...keys.map((k) => ({ text: String(pick(f)[k] ?? 0), format: 'numeric' as const })),
            { text: String(Object.values(pick(f)).reduce((a, b) => a + b, 0)), format: 'numeric' as const },
          ]),
        },
      };
    };
    const trends = [
      single('rows-read', 'Rows read', 'Rows read', (f) => f.rowsRead),
      stacked('rows-skipped', 'Rows skipped, by reason', (f) => f.skippedByReason),
      stacked('problems', 'Problems, by rule', (f) => f.problemsByRule),
      single('held', 'Trainees held for review', 'Held', (f) => f.held),
      single('conflicts', 'Values not applied because TIS was newer', 'Records', (f) => f.conflicts),
    ];
    const days: NhsTable = {
      head: [
        { text: 'Day' },
        { text: 'Rows read', format: 'numeric' },
        { text: 'Problems', format: 'numeric' },
        { text: 'CSV' },
      ],
      rows: [...figures].reverse().map((f) => [
        { text: f.extractDate, href: `/trusts/${trust}/${f.extractDate}` },
        { text: String(f.rowsRead), format: 'numeric' },
        { text: String(f.problems), format: 'numeric' },
        { text: `CSV for ${f.extractDate}`, href: `/trusts/${trust}/${f.extractDate}.csv` },
      ]),
    };
    return render(reply, 'trust.njk', {
      pageTitle: trust,
      trust,
      crumbs,
      latest: latest.extractDate,
      summary: nhsTable(reportSections(latestInput).summary),
      trends,
      days,
    });
  });

  app.get<{ Params: { ods: string; day: string } }>('/trusts/:ods/:day', async (request, reply) => {
    const found = await trustFor(request, reply, request.params.ods);
    if (!found) return reply;
    const { trust, dates } = found;
    const [, date, csv] = DATE.exec(request.params.day) ?? [];
    const input =
      date && dates.includes(date) ? (await reader.day(date)).trusts.find((t) => t.trust === trust) : undefined;
    if (!input) return message(reply, 404, 'Page not found', `There is no report for ${trust} on that day.`);
    if (csv)
      return reply
        .type('text/csv; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="${trust}-${date}.csv"`)
        .send(toCsv(input));
    const s = reportSections(input);
    return render(reply, 'day.njk', {
      pageTitle: `${trust}, ${date}`,
      trust,
      date,
      s,
      crumbs: {
        items: [
          { href: '/', text: 'Your trusts' },
          { href: `/trusts/${trust}`, text: trust },
        ],
      },
      sections: [
        { id: 'summary', title: 'Summary', table: nhsTable(s.summary) },
        { id: 'skipped', title: 'Rows skipped, by reason', table: nhsTable(s.skipped) },
        { id: 'by-rule', title: 'Problems, by rule', table: nhsTable(s.byRule) },
        { id: 'held', title: 'Trainees held for review', table: nhsTable(s.held) },
        {
          id: 'conflicts',
          title: 'Values not applied because TIS was newer',
          text: s.conflictsExplained,
          table: nhsTable(s.conflicts),
        },
        { id: 'problems', title: 'Each problem', table: nhsTable(s.detail) },
      ],
    });
  });

  app.setNotFoundHandler((request, reply) =>
    message(reply, 404, 'Page not found', 'If you typed the web address, check it is correct.'),
  );
  app.setErrorHandler((err: Error, request, reply) => {
    const status = (err as { statusCode?: number }).statusCode ?? 500;
    if (status === 429) return message(reply, 429, 'Too many attempts', 'Wait a minute, then try again.');
    if (status >= 400 && status < 500)
      return message(reply, status, 'Sorry, that request cannot be answered', 'Go back and try again.');
    // Type only: a message could carry what a driver saw.
    request.log.error({ err: { name: err.name, code: (err as { code?: string }).code } }, 'portal page failed');
    return message(reply, 500, 'Sorry, there is a problem with the service', 'Try again later.');
  });
  return app;
}
