#!/usr/bin/env node
// npm run build (run by npm install through `prepare`): the TypeScript of src/ and db/migrations compiled to
// dist/ with tsc, beside a copy of wsdl/ (the compiled code finds the WSDL files relative to itself, as the
// sources do). dist/ is rebuilt from scratch, so no file deleted from src/ lingers there.
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';

const started = Date.now();
rmSync('dist', { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
if (compiled.status !== 0) process.exit(compiled.status ?? 1);
cpSync('wsdl', 'dist/wsdl', { recursive: true });
process.stdout.write(`imwsi built into dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
