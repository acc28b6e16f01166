// The Dockerfile, checked without building an image (no registry here, and hadolint is in neither Debian nor
// npm): scripts/docker-stages.mjs runs its stages locally, builds dist/ and prunes devDependencies as the build
// stage does, assembles the runtime stage from what it copies, starts its ENTRYPOINT + CMD and probes it with
// its HEALTHCHECK (docs/deploy.md "Container").
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { repoRoot } from '../helpers/examples.js';
import { tempDir } from '../helpers/gateway.js';

const stages = (dockerfile?: string) =>
  new Promise<{ code: number; output: string }>((resolve) =>
    execFile(
      process.execPath,
      ['scripts/docker-stages.mjs', ...(dockerfile ? [dockerfile] : [])],
      { cwd: repoRoot, timeout: 240_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
    ),
  );

test('the Dockerfile: multi-stage, non-root, the database on a volume, and the built runtime stage passes its health check', async (t) => {
  const dockerfile = readFileSync(join(repoRoot, 'Dockerfile'), 'utf8');
  t.true((dockerfile.match(/^FROM /gm) ?? []).length >= 2, 'multi-stage');
  const { code, output } = await stages();
  t.is(code, 0, output);
  t.regex(output, /RUN npm prune --omit=dev/);
  t.regex(output, /USER node; VOLUME \/var\/lib\/imwsi; no devDependencies in node_modules/);
  t.regex(output, /HEALTHCHECK passed/);
  t.regex(output, /the database is on the volume: \/var\/lib\/imwsi\/imwsi\.sqlite/);
});

test('the stage runner refuses a runtime stage running as root or without a health check', async (t) => {
  const dockerfile = readFileSync(join(repoRoot, 'Dockerfile'), 'utf8');
  const asRoot = join(tempDir(), 'Dockerfile');
  // Only the runtime stage matters here: a build stage that copies nothing runs in no time.
  const runtime = dockerfile.slice(dockerfile.indexOf('FROM node:20-bookworm-slim AS runtime'));
  writeFileSync(
    asRoot,
    `FROM node:20-bookworm-slim AS build\nWORKDIR /app\nRUN mkdir -p bin dist node_modules && touch package.json\n${runtime.replace(/^USER node$/m, '')}`,
  );
  const root = await stages(asRoot);
  t.is(root.code, 1);
  t.regex(root.output, /the runtime stage runs as root: add USER/);
  writeFileSync(
    asRoot,
    `FROM node:20-bookworm-slim AS build\nWORKDIR /app\nRUN mkdir -p bin dist node_modules && touch package.json\n${runtime.replace(/^HEALTHCHECK[^\n]*\\\n[^\n]*\n/m, '')}`,
  );
  const noHealth = await stages(asRoot);
  t.is(noHealth.code, 1);
  t.regex(noHealth.output, /no HEALTHCHECK/);
});
