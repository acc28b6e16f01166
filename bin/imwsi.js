#!/usr/bin/env node
// The imwsi command. It runs the JavaScript that `npm run build` compiled into dist/ (npm install builds it),
// so a call does not compile TypeScript first. A checkout without dist/, and the tests (IMWSI_FROM_SOURCE=1,
// set in the ava config, so they never run a stale build), run the TypeScript sources through tsx instead.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/src/main/cli.js', import.meta.url);
if (process.env.IMWSI_FROM_SOURCE !== '1' && existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main/cli.ts');
}
