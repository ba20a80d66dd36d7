// e2e.mjs - the browser test of the web UI against a real `tutor serve`.
//
// Starts `tutor serve` on a free loopback port with a temporary store and
// the built-in Python course, creates an instructor with
// `tutor account add --instructor` (password on stdin), and drives Debian's
// Chromium (headless, playwright-core) through the whole story:
//   instructor logs in and creates a cohort; a learner registers, joins
//   with the code, opens the first problem, submits a wrong solution (sees
//   it fail with per-test results), asks for hints ("Hint N of 5"),
//   submits the reference solution, sees the mastery rise and a review
//   scheduled, and finds it in the review queue and on the trajectory
//   chart; makes a study plan (the graph of steps, edges and the practice
//   loop), answers its first turn and sees the graph update; the
//   instructor sees the learner in the cohort view.
// Also: no uncaught page errors, every form control is labelled, the skip
// link is the first Tab stop, and the pages fit a 360 px wide screen.
// Screenshots of each step go to $TUTOR_ARTIFACTS (default
// tests/web/artifacts in TUTOR_BIN's build directory), with the server's
// output and access log.
//
// Environment: TUTOR_BIN (the tutor program), TUTOR_SOURCE (the source
// tree), TUTOR_ARTIFACTS, TUTOR_CHROMIUM (default /usr/bin/chromium),
// TUTOR_WEB_NOBUILD=1 to use web/dist as it is.  Exit: 0 all passed,
// 1 a step failed, 77 (skip) when Chromium is missing (run.sh skips
// when node is).

import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const SRC = resolve(process.env.TUTOR_SOURCE || join(here, '..', '..'));
const BIN = process.env.TUTOR_BIN || join(SRC, 'build', 'cli', 'tutor');
const CHROMIUM = process.env.TUTOR_CHROMIUM || '/usr/bin/chromium';
// Default: tests/web/artifacts in the build directory holding TUTOR_BIN.
const ART = resolve(process.env.TUTOR_ARTIFACTS || join(dirname(dirname(BIN)), 'tests', 'web', 'artifacts'));
const COURSE = join(SRC, 'courses', 'python');
const WEB = join(SRC, 'web');
const STEP_MS = 20000; // one UI expectation
const JUDGE_MS = 90000; // one judged submission

const INSTRUCTOR = { user: 'teacher', pass: 'teacher-pass-2468' };
const LEARNER = { user: 'ada', pass: 'ada-lovelace-1815' };

let passed = 0;
let failed = 0;
let shot = 0;

function log(msg) {
  process.stdout.write(`${msg}\n`);
}

function skip(why) {
  log(`SKIP: ${why}`);
  process.exit(77);
}

async function step(name, fn) {
  try {
    await fn();
    passed += 1;
    log(`ok ${passed + failed} - ${name}`);
  } catch (e) {
    failed += 1;
    log(`not ok ${passed + failed} - ${name}\n  ${String(e && e.stack ? e.stack : e).split('\n').slice(0, 6).join('\n  ')}`);
    throw e;
  }
}

function check(cond, msg) {
  if (!cond) throw new Error(msg);
}

async function screenshot(page, name) {
  shot += 1;
  const file = join(ART, `${String(shot).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

function run(args, env, input) {
  const r = spawnSync(BIN, args, { env, input: input || '', encoding: 'utf8', timeout: 60000 });
  if (r.status !== 0) throw new Error(`tutor ${args.join(' ')} exited ${r.status}: ${r.stderr || r.stdout}`);
  return r.stdout;
}

async function waitHealthy(base, server, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (server.exitCode !== null) throw new Error(`tutor serve exited early with ${server.exitCode} (see serve.log)`);
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) return;
    } catch (_) {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`tutor serve did not answer /healthz within ${ms} ms`);
}

/** Replaces the CodeMirror document the way a user pastes code: select
 *  all, then a paste event with the text (keyboard.insertText goes through
 *  Chromium's contenteditable, which turns leading spaces into U+00A0). */
async function setCode(page, code) {
  const content = page.locator('.cm-content');
  await content.click();
  await page.keyboard.press('Control+A');
  await content.evaluate((el, text) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', text);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, code);
  const got = await page.evaluate(() => document.getElementById('editor').tutorEditor.getText());
  check(got === code, `the editor holds different code after pasting:\n${JSON.stringify(got)}`);
}

/** Submits the editor's code; returns the result summary text. */
async function runTests(page) {
  const before = await page.locator('.result-summary').count();
  await page.getByRole('button', { name: 'Run tests' }).click();
  if (before) await page.locator('.result-summary').first().waitFor({ state: 'detached', timeout: JUDGE_MS }).catch(() => {});
  const summary = page.locator('.result-summary');
  await summary.waitFor({ timeout: JUDGE_MS });
  return (await summary.textContent()).trim();
}

async function labelledControls(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('input, select, textarea')]
      .filter((e) => !e.closest('.cm-editor'))
      .filter((e) => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
      .map((e) => e.outerHTML),
  );
}

async function fitsWidth(page, width) {
  await page.setViewportSize({ width, height: 800 });
  await page.waitForTimeout(200);
  const sw = await page.evaluate(() => document.documentElement.scrollWidth);
  check(sw <= width + 1, `the page is ${sw} px wide at a ${width} px viewport (horizontal scrolling)`);
}

async function login(page, base, who) {
  await page.goto(`${base}/#/login`);
  await page.getByLabel('Username').fill(who.user);
  await page.getByLabel('Password').fill(who.pass);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { level: 1, name: `Hello, ${who.user}` }).waitFor({ timeout: STEP_MS });
}

function problemFiles(id) {
  const dir = join(COURSE, 'problems', id);
  check(existsSync(dir), `no problem directory ${dir}`);
  const right = readFileSync(join(dir, 'solution.py'), 'utf8');
  const wrongDir = join(dir, 'wrong');
  const wrongs = existsSync(wrongDir) ? readdirSync(wrongDir).filter((f) => f.endsWith('.py')).sort() : [];
  const wrong = wrongs.length ? readFileSync(join(wrongDir, wrongs[0]), 'utf8') : readFileSync(join(dir, 'starter.py'), 'utf8');
  return { right, wrong };
}

async function openFirstProblem(page, base) {
  await page.goto(`${base}/#/`);
  await page.getByRole('heading', { name: 'Next up' }).waitFor({ timeout: STEP_MS });
  let link = page.locator('.picks a[href^="#/problem/"]').first();
  if (!(await link.count())) {
    // The first picks may be learning actions: go through the roadmap.
    await page.goto(`${base}/#/roadmap`);
    const topic = page.locator('.topic.state-available .topic-link, .topic.state-in_progress .topic-link').first();
    await topic.click();
    link = page.locator('.problems a[href^="#/problem/"]').first();
  }
  await link.click();
  await page.locator('.cm-content').waitFor({ timeout: STEP_MS });
  const id = decodeURIComponent(new URL(page.url()).hash.replace(/^#\/problem\//, ''));
  check(id, `no problem id in ${page.url()}`);
  return id;
}

async function main() {
  if (!existsSync(CHROMIUM)) skip(`${CHROMIUM} is missing (apt-get install chromium)`);
  check(existsSync(BIN), `no tutor program at ${BIN} (set TUTOR_BIN)`);
  mkdirSync(ART, { recursive: true });
  for (const f of readdirSync(ART)) if (f.endsWith('.png') || f.endsWith('.log')) rmSync(join(ART, f));

  if (process.env.TUTOR_WEB_NOBUILD !== '1') {
    const b = spawnSync('bash', [join(SRC, 'scripts', 'build-web.sh')], { encoding: 'utf8', timeout: 300000 });
    if (b.status !== 0) throw new Error(`scripts/build-web.sh failed:\n${b.stdout}${b.stderr}`);
  }
  check(existsSync(join(WEB, 'dist', 'index.html')), 'web/dist/index.html is missing (run scripts/build-web.sh)');
  const require = createRequire(join(WEB, 'package.json'));
  const { chromium } = require('playwright-core');

  const tmp = mkdtempSync(join(tmpdir(), 'tutor-web-e2e-'));
  const db = join(tmp, 'tutor.db');
  const env = { ...process.env, TUTOR_DB: db, TUTOR_COURSE: COURSE, HOME: tmp, XDG_DATA_HOME: join(tmp, 'data') };
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let server = null;
  let browser = null;
  const pageErrors = [];
  let page = null;
  try {
    run(['init', '--course', COURSE, '--db', db], env);
    const slog = createWriteStream(join(ART, 'serve.log'));
    server = spawn(BIN, ['serve', '--bind', '127.0.0.1', '--port', String(port), '--db', db, '--course', COURSE, '--web', join(WEB, 'dist'), '--access-log', join(ART, 'access.log')], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout.pipe(slog);
    server.stderr.pipe(slog);
    await step('tutor serve answers /healthz', () => waitHealthy(base, server, 30000));
    await step('tutor account add --instructor (password on stdin)', async () => {
      run(['account', 'add', '--instructor', INSTRUCTOR.user, '--db', db], env, `${INSTRUCTOR.pass}\n`);
    });

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      // playwright gives every launch a fresh, empty user-data-dir.
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
    });
    const newPage = async () => {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const p = await ctx.newPage();
      p.on('pageerror', (e) => pageErrors.push(`${p.url()}: ${e.message}`));
      p.setDefaultTimeout(STEP_MS);
      return p;
    };
    const teacher = await newPage();
    const learner = await newPage();
    let code = null;
    let problem = null;

    page = teacher;
    await step('the login page: labelled fields, skip link first on Tab', async () => {
      await teacher.goto(`${base}/#/login`);
      await teacher.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
      check((await labelledControls(teacher)).length === 0, 'unlabelled form controls on the login page');
      await teacher.keyboard.press('Tab');
      const first = await teacher.evaluate(() => document.activeElement && document.activeElement.textContent);
      check(first === 'Skip to content', `the first Tab stop is "${first}", not the skip link`);
      await screenshot(teacher, 'login');
    });
    await step('instructor logs in', async () => {
      await login(teacher, base, INSTRUCTOR);
      await screenshot(teacher, 'instructor-home');
    });
    await step('instructor creates a cohort and gets a join code', async () => {
      await teacher.getByRole('navigation').getByRole('link', { name: 'Cohorts' }).click();
      await teacher.getByLabel('Cohort name').fill('Evening class');
      await teacher.getByRole('button', { name: 'Create cohort' }).click();
      const codeEl = teacher.locator('.created .join-code');
      await codeEl.waitFor();
      code = (await codeEl.textContent()).trim();
      check(code.length >= 4, `join code "${code}" looks wrong`);
      await teacher.locator('table.data').getByText('Evening class').waitFor();
      await screenshot(teacher, 'cohort-created');
    });

    page = learner;
    await step('a learner registers', async () => {
      await learner.goto(`${base}/#/register`);
      check((await labelledControls(learner)).length === 0, 'unlabelled form controls on the register page');
      await learner.getByLabel('Username').fill(LEARNER.user);
      await learner.getByLabel('Password').fill(LEARNER.pass);
      await learner.getByRole('button', { name: 'Create account' }).click();
      await learner.getByRole('heading', { level: 1, name: `Hello, ${LEARNER.user}` }).waitFor();
      await learner.getByRole('heading', { name: 'Next up' }).waitFor();
      await screenshot(learner, 'learner-home');
    });
    await step('the learner joins the cohort with the code', async () => {
      await learner.getByRole('link', { name: 'Join a cohort with a code' }).click();
      await learner.getByLabel('Join code').fill(code);
      await learner.getByRole('button', { name: 'Join' }).click();
      await learner.getByText(/You joined Evening class/).waitFor();
      await screenshot(learner, 'joined');
    });
    await step('the roadmap shows the topic DAG with states and mastery', async () => {
      await learner.getByRole('navigation').getByRole('link', { name: 'Roadmap' }).click();
      await learner.locator('.topic').first().waitFor();
      const n = await learner.locator('.topic').count();
      const avail = await learner.locator('.topic.state-available').count();
      const locked = await learner.locator('.topic.state-locked').count();
      check(n >= 10, `only ${n} topics on the roadmap`);
      check(avail >= 1 && locked >= 1, `expected available and locked topics, got ${avail} available, ${locked} locked`);
      await screenshot(learner, 'roadmap');
    });
    await step('the learner opens the first problem', async () => {
      problem = await openFirstProblem(learner, base);
      await learner.locator('.statement .md').waitFor();
      check((await labelledControls(learner)).length === 0, 'unlabelled form controls on the problem page');
      await screenshot(learner, 'problem');
    });
    const files = problemFiles(problem);
    await step('a wrong solution fails with per-test results', async () => {
      await setCode(learner, files.wrong);
      const summary = await runTests(learner);
      check(!summary.startsWith('Accepted'), `the wrong solution was accepted: ${summary}`);
      check((await learner.locator('.case.fail').count()) >= 1, 'no failing test case is shown');
      const status = await learner.locator('.run-status').textContent();
      check(status.includes('tests passed'), `the live status did not announce the result: "${status}"`);
      await screenshot(learner, 'wrong-submission');
    });
    await step('the learner asks for hints ("Hint N of 5")', async () => {
      await learner.getByRole('button', { name: 'Get a hint' }).click();
      const first = learner.locator('.hint h3').nth(0);
      await first.waitFor();
      const t1 = (await first.textContent()).trim();
      check(/^Hint [1-5] of 5 — \S/.test(t1), `the first hint heading is "${t1}"`);
      await learner.getByRole('button', { name: 'Get another hint' }).click();
      const second = learner.locator('.hint h3').nth(1);
      await second.waitFor();
      const t2 = (await second.textContent()).trim();
      check(/^Hint [1-5] of 5 — \S/.test(t2), `the second hint heading is "${t2}"`);
      const level = (t) => Number(/^Hint (\d)/.exec(t)[1]);
      check(level(t2) >= level(t1), `the hint ladder went down: "${t1}" then "${t2}"`);
      check((await learner.locator('.hint .served-by').count()) === 2, 'the hints do not say who served them');
      const status = await learner.locator('.hints ~ .status').textContent();
      check(status.startsWith(t2.split(' —')[0]), `the live status did not announce the hint: "${status}"`);
      await learner.locator('.hints').scrollIntoViewIfNeeded();
      await screenshot(learner, 'hints');
    });
    await step('the right solution is accepted; mastery rises; a review is scheduled', async () => {
      await setCode(learner, files.right);
      const summary = await runTests(learner);
      check(summary.startsWith('Accepted'), `the reference solution was not accepted: ${summary}`);
      const ups = await learner.locator('.mastery-change li.up').count();
      check(ups >= 1, 'no topic shows a mastery rise');
      const nr = learner.locator('.next-review');
      await nr.waitFor();
      check(/Next review:/.test(await nr.textContent()), 'no next review date');
      await learner.locator('#results').scrollIntoViewIfNeeded();
      await screenshot(learner, 'right-submission');
    });
    await step('the review queue lists the solved problem', async () => {
      await learner.getByRole('navigation').getByRole('link', { name: 'Reviews' }).click();
      await learner.getByRole('heading', { level: 1, name: 'Review queue' }).waitFor();
      const rows = await learner.locator('table.data tbody tr').count();
      check(rows >= 1, 'the review queue is empty after an accepted submission');
      await screenshot(learner, 'reviews');
    });
    await step('the trajectory chart draws the mastery change', async () => {
      await learner.getByRole('navigation').getByRole('link', { name: 'Progress' }).click();
      await learner.locator('.chart canvas').waitFor();
      await learner.locator('table.data tbody tr').first().waitFor();
      await screenshot(learner, 'progress');
    });
    await step('the problem page fits a 360 px wide screen', async () => {
      await learner.goto(`${base}/#/problem/${encodeURIComponent(problem)}`);
      await learner.locator('.cm-content').waitFor();
      await fitsWidth(learner, 360);
      await screenshot(learner, 'problem-360px');
      await learner.goto(`${base}/#/roadmap`);
      await learner.locator('.topic').first().waitFor();
      await fitsWidth(learner, 360);
      await screenshot(learner, 'roadmap-360px');
      await learner.setViewportSize({ width: 1280, height: 900 });
    });

    await step('the learner makes a study plan and sees its graph', async () => {
      await learner.getByRole('navigation').getByRole('link', { name: 'Study plan' }).click();
      await learner.getByRole('heading', { level: 1, name: 'Study plan' }).waitFor();
      check((await labelledControls(learner)).length === 0, 'unlabelled form controls on the plans page');
      await learner.getByLabel('Your question').fill('How do I repeat something until a condition changes, with a while loop?');
      await learner.getByLabel('Practice problem').selectOption(problem);
      await learner.getByRole('button', { name: 'Make a plan' }).click();
      await learner.locator('svg.plan-graph').waitFor();
      const nodes = await learner.locator('svg.plan-graph .plan-node').count();
      check(nodes >= 6, `only ${nodes} steps in the plan graph`);
      check((await learner.locator('svg.plan-graph .plan-edge').count()) >= nodes - 1, 'the graph has too few dependency edges');
      check((await learner.locator('svg.plan-graph .plan-loop').count()) >= 1, 'the practice loop is not drawn');
      check((await learner.locator('svg.plan-graph .plan-node.st-current').count()) === 1, 'no current turn is highlighted');
      await learner.getByRole('heading', { level: 2, name: /^Your turn: / }).waitFor();
      check((await labelledControls(learner)).length === 0, 'unlabelled form controls on the plan page');
      await screenshot(learner, 'plan-new');
    });
    await step('the learner answers the first turn; the graph updates', async () => {
      const first = await learner.locator('svg.plan-graph .plan-node.st-current').getAttribute('data-step');
      const doneBefore = await learner.locator('svg.plan-graph .plan-node.st-done').count();
      await learner.getByRole('textbox', { name: 'Your answer', exact: true }).fill('I think a while loop checks its condition before every round and stops when it is false.');
      await learner.getByRole('button', { name: 'Send answer' }).click();
      await learner.locator(`svg.plan-graph .plan-node.st-done[data-step="${first}"]`).waitFor();
      const doneAfter = await learner.locator('svg.plan-graph .plan-node.st-done').count();
      check(doneAfter > doneBefore, `no more steps done after the answer (${doneBefore} -> ${doneAfter})`);
      const now = await learner.locator('svg.plan-graph .plan-node.st-current').getAttribute('data-step');
      check(now && now !== first, `the current turn did not move on from ${first}`);
      const status = (await learner.locator('.plan-status').textContent()).trim();
      check(/step|turn/i.test(status), `the live status did not announce the update: "${status}"`);
      // the answered step's output is expandable in the steps list
      await learner.locator('svg.plan-graph .plan-node', { hasText: first }).first().press('Enter');
      const details = learner.locator(`#plan-step-${first.replace(/[^A-Za-z0-9_-]/g, '_')} details`);
      check(await details.evaluate((d) => d.open), 'Enter on a graph node did not open its step');
      check((await details.textContent()).includes('Your answer'), 'the answered step does not show the answer');
      await screenshot(learner, 'plan-answered');
    });
    await step('the code turn: the editor submits through the judge; the loop ends', async () => {
      for (let i = 0; i < 4 && !(await learner.locator('#plan-submit').count()); i++) {
        const before = await learner.locator('svg.plan-graph .plan-node.st-current').getAttribute('data-step');
        await learner.getByRole('textbox', { name: 'Your answer', exact: true }).fill(`My answer to ${before}.`);
        await learner.getByRole('button', { name: 'Send answer' }).click();
        await learner.locator(`svg.plan-graph .plan-node.st-done[data-step="${before}"]`).waitFor();
      }
      await learner.locator('#plan-submit').waitFor();
      check((await labelledControls(learner)).length === 0, 'unlabelled form controls on the code turn');
      const codeStep = await learner.locator('svg.plan-graph .plan-node.st-current').getAttribute('data-step');
      await setCode(learner, files.right);
      await learner.getByRole('button', { name: 'Submit code' }).click();
      await learner.locator(`svg.plan-graph .plan-node.st-done[data-step="${codeStep}"]`).waitFor({ timeout: JUDGE_MS });
      const label = (await learner.locator('svg.plan-graph .plan-loop .loop-label').textContent()).trim();
      check(/iteration 1 of \d+ · done/.test(label), `the loop did not end after a passing submission: "${label}"`);
      check((await learner.locator('svg.plan-graph .plan-node.st-skipped').count()) >= 1, 'the feedback step was not skipped');
      await screenshot(learner, 'plan-code-turn-done');
    });
    await step('the plan page fits a 360 px wide screen', async () => {
      await fitsWidth(learner, 360);
      await learner.locator('.plan-graph-wrap[data-mode="stack"]').waitFor();
      await screenshot(learner, 'plan-360px');
      await learner.setViewportSize({ width: 1280, height: 900 });
    });

    page = teacher;
    await step('the instructor sees the learner in the cohort view', async () => {
      await teacher.getByRole('navigation').getByRole('link', { name: 'Cohorts' }).click();
      await teacher.locator('table.data a', { hasText: 'Evening class' }).click();
      await teacher.getByRole('heading', { level: 1, name: 'Cohort Evening class' }).waitFor();
      const row = teacher.locator(`.heatmap tr[data-learner="${LEARNER.user}"]`);
      await row.waitFor();
      const cells = await row.locator('td').allTextContents();
      check(cells.some((c) => /^\d+$/.test(c.trim()) && Number(c) > 0), `no mastery in the learner's heat-map row: ${cells.join(' ')}`);
      await teacher.locator('.members').getByText(LEARNER.user).waitFor();
      const hintRow = teacher.locator('table.hint-use tbody tr', { hasText: LEARNER.user });
      check((await hintRow.count()) === 1, 'the learner is missing from the hint-use table');
      await screenshot(teacher, 'cohort-view');
    });
    await step('the instructor can open the learner\'s progress', async () => {
      await teacher.locator(`.heatmap tr[data-learner="${LEARNER.user}"] th a`).click();
      await teacher.getByRole('heading', { level: 1, name: `Progress of ${LEARNER.user}` }).waitFor();
      await teacher.locator('.chart canvas').waitFor();
      await screenshot(teacher, 'instructor-learner-progress');
    });
    await step('no uncaught errors in the pages', async () => {
      check(pageErrors.length === 0, `page errors:\n${pageErrors.join('\n')}`);
    });
  } catch (e) {
    if (page) await screenshot(page, 'failure').catch(() => {});
    if (!failed) {
      failed += 1;
      log(`not ok - ${e.stack || e}`);
    }
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10000))]);
      if (server.exitCode === null) server.kill('SIGKILL');
    }
    rmSync(tmp, { recursive: true, force: true });
  }
  log(`screenshots: ${ART}`);
  log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  log(`not ok - ${e.stack || e}`);
  log(`${passed} passed, ${failed + 1} failed`);
  process.exit(1);
});
