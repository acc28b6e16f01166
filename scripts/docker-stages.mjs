#!/usr/bin/env node
// Runs the Dockerfile's stages locally, since no image can be built here (no registry to pull node:20 from,
// no hadolint in Debian or npm): each stage gets a temporary root, COPY copies from the checkout or from an
// earlier stage's root, RUN runs with bash in the stage's WORKDIR (absolute paths of WORKDIR and VOLUME mapped
// into the root), and the last stage's ENTRYPOINT + CMD is started and probed with the HEALTHCHECK command.
// What the host cannot do as the image would is replaced, and said: apt-get (the host has the toolchain),
// `npm ci` (a copy of this checkout's node_modules, then `npm run build`, which npm ci's prepare
// runs), chown (checked instead: the final USER is not root). Also checked: multi-stage, the runtime stage has
// no devDependency (npm prune ran), the health check calls /healthz, and the database lives on the VOLUME.
//   node scripts/docker-stages.mjs [Dockerfile]     exit 0 when every stage ran and the health check passed
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dockerfile = resolve(process.argv[2] ?? join(repo, 'Dockerfile'));
const work = mkdtempSync(join(tmpdir(), 'imwsi-docker-'));
const say = (line) => process.stdout.write(`${line}\n`);
const fail = (line) => {
  process.stderr.write(`docker-stages: ${line}\n`);
  process.exitCode = 1;
  throw new Error(line);
};

/** Instructions of the Dockerfile: continuation lines joined, comments dropped. */
function instructions(text) {
  const joined = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  return joined
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [, keyword, rest] = /^(\S+)\s*(.*)$/.exec(line);
      return { keyword: keyword.toUpperCase(), rest };
    });
}

const stages = [];
for (const { keyword, rest } of instructions(readFileSync(dockerfile, 'utf8'))) {
  if (keyword === 'FROM') {
    const [, image, name] = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(rest) ?? fail(`cannot read FROM ${rest}`);
    stages.push({ image, name: name ?? String(stages.length), steps: [], workdir: '/', env: {}, volumes: [], user: 'root' });
  } else (stages.at(-1) ?? fail(`${keyword} before FROM`)).steps.push({ keyword, rest });
}
if (stages.length < 2) fail('expected a multi-stage Dockerfile (a build stage and a runtime stage)');

const rootOf = (stage) => join(work, stage.name);
/** An absolute path of the image, inside the stage's temporary root. */
const inRoot = (stage, path) => join(rootOf(stage), path.startsWith('/') ? path : join(stage.workdir, path));
const mapped = (stage, command) =>
  [stage.workdir, ...stage.volumes]
    .filter((p) => p !== '/')
    .reduce(
      (text, p) => text.replaceAll(new RegExp(`(^|[\\s='"])${p.replace(/[/.]/g, '\\$&')}`, 'g'), `$1${join(rootOf(stage), p)}`),
      command,
    );
const json = (rest, what) => {
  try {
    return JSON.parse(rest);
  } catch {
    return fail(`${what} must be in exec form (a JSON array): ${rest}`);
  }
};

function run(stage, command) {
  const shell = command.replace(/\s+/g, ' ').trim();
  if (/^apt-get /.test(shell)) return say(`  RUN ${shell.slice(0, 60)}...  -> skipped: the host has the build toolchain`);
  if (/^npm ci\b/.test(shell)) {
    say(`  RUN ${shell}  -> a copy of the checkout's node_modules, then npm run build (npm ci's prepare)`);
    // A real copy, not hard links: npm prune rewrites node_modules/.package-lock.json in place.
    execFileSync('cp', ['-a', '--reflink=auto', realNodeModules(), inRoot(stage, 'node_modules')]);
    return execFileSync('npm', ['run', 'build'], { cwd: inRoot(stage, '.'), stdio: ['ignore', 'pipe', 'pipe'] });
  }
  const local = mapped(stage, shell).replace(/&&\s*chown\s+\S+\s+\S+/g, '');
  if (local !== mapped(stage, shell)) say(`  (chown dropped: checked instead that the final USER is not root)`);
  say(`  RUN ${shell}`);
  execFileSync('bash', ['-euo', 'pipefail', '-c', /^npm /.test(local) ? `${local} --offline` : local], {
    cwd: inRoot(stage, '.'),
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...stage.env },
  });
}

function realNodeModules() {
  const path = join(repo, 'node_modules');
  return execFileSync('readlink', ['-f', path], { encoding: 'utf8' }).trim();
}

function copy(stage, rest) {
  const words = rest.split(/\s+/);
  const from = words[0]?.startsWith('--from=') ? words.shift().slice('--from='.length) : undefined;
  const destination = words.pop();
  const source = from === undefined ? undefined : (stages.find((s) => s.name === from) ?? fail(`COPY --from=${from}: no such stage`));
  for (const path of words) {
    const origin = source ? inRoot(source, path) : join(repo, path);
    if (!existsSync(origin)) fail(`COPY ${from ? `--from=${from} ` : ''}${path}: not there`);
    const target =
      destination.endsWith('/') || words.length > 1 ? join(inRoot(stage, destination), path.split('/').pop()) : inRoot(stage, destination);
    mkdirSync(dirname(target), { recursive: true });
    cpSync(origin, target, { recursive: true, verbatimSymlinks: true });
  }
  say(`  COPY ${rest}`);
}

async function freePort() {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((ok) => server.once('listening', ok));
  const { port } = server.address();
  await new Promise((ok) => server.close(ok));
  return port;
}

async function startAndProbe(stage) {
  const entrypoint = stage.entrypoint ?? fail('the runtime stage has no ENTRYPOINT');
  const cmd = stage.cmd ?? [];
  const health = stage.healthcheck ?? fail('the runtime stage has no HEALTHCHECK');
  if (!health.join(' ').includes('/healthz')) fail('the HEALTHCHECK does not call /healthz');
  if (['root', '0'].includes(stage.user)) fail('the runtime stage runs as root: add USER');
  const dbArg = cmd[cmd.indexOf('--db') + 1];
  if (!dbArg || !stage.volumes.some((v) => dbArg.startsWith(`${v}/`)))
    fail(`the database ${dbArg} is not on a VOLUME (${stage.volumes.join(', ')})`);
  const devDependencies = Object.keys(JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).devDependencies ?? {});
  const leftovers = devDependencies.filter((name) => existsSync(inRoot(stage, join('node_modules', name))));
  if (leftovers.length > 0) fail(`the runtime stage carries devDependencies: ${leftovers.join(', ')}`);
  say(`  USER ${stage.user}; VOLUME ${stage.volumes.join(' ')}; no devDependencies in node_modules`);

  const port = String(await freePort());
  const swap = (args) => args.map((a) => mapped(stage, a).replaceAll('8080', port));
  const [command, ...args] = swap([...entrypoint, ...cmd]);
  say(`  start: ${[command, ...args].join(' ')}`);
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...stage.env };
  const server = spawn(command === 'node' ? process.execPath : command, args, {
    cwd: inRoot(stage, '.'),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  server.stdout.on('data', (c) => (output += c));
  server.stderr.on('data', (c) => (output += c));
  try {
    const [probe, ...probeArgs] = swap(health);
    for (let attempt = 1; ; attempt++) {
      await new Promise((ok) => setTimeout(ok, 500));
      if (server.exitCode !== null) fail(`the gateway exited with ${server.exitCode}: ${output}`);
      try {
        execFileSync(probe === 'node' ? process.execPath : probe, probeArgs, { cwd: inRoot(stage, '.'), env, stdio: 'ignore' });
        say(`  HEALTHCHECK passed (attempt ${attempt})`);
        break;
      } catch {
        if (attempt >= 60) fail(`the HEALTHCHECK kept failing: ${output}`);
      }
    }
  } finally {
    server.kill('SIGTERM');
    await new Promise((ok) => (server.exitCode !== null ? ok() : server.once('exit', ok)));
  }
  if (!existsSync(inRoot(stage, dbArg))) fail(`no database at ${dbArg} on the volume`);
  say(`  the database is on the volume: ${dbArg}`);
}

try {
  for (const stage of stages) {
    say(`stage ${stage.name} (FROM ${stage.image})`);
    mkdirSync(rootOf(stage), { recursive: true });
    for (const { keyword, rest } of stage.steps) {
      if (keyword === 'WORKDIR') {
        stage.workdir = rest;
        mkdirSync(inRoot(stage, rest), { recursive: true });
      } else if (keyword === 'COPY') copy(stage, rest);
      else if (keyword === 'RUN') run(stage, rest);
      else if (keyword === 'ENV') for (const [, k, v] of rest.matchAll(/(\w+)=(\S+)/g)) stage.env[k] = v;
      else if (keyword === 'USER') stage.user = rest;
      else if (keyword === 'VOLUME') {
        stage.volumes.push(...rest.split(/\s+/));
        for (const v of stage.volumes) mkdirSync(inRoot(stage, v), { recursive: true });
      } else if (keyword === 'ENTRYPOINT') stage.entrypoint = json(rest, 'ENTRYPOINT');
      else if (keyword === 'CMD') stage.cmd = json(rest, 'CMD');
      else if (keyword === 'HEALTHCHECK') stage.healthcheck = json(rest.replace(/^(--\S+\s+)*CMD\s+/, ''), 'HEALTHCHECK CMD');
      else if (keyword !== 'EXPOSE') fail(`instruction ${keyword} is not understood by this script`);
    }
  }
  await startAndProbe(stages.at(-1));
  say('every stage ran; the gateway answered its health check');
} catch (error) {
  if (!process.exitCode) {
    process.stderr.write(`docker-stages: ${error.stack ?? error}\n`);
    process.exitCode = 1;
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
