#!/usr/bin/env node
// npm test: type-check, then AVA in TAP mode; echoes everything and ends with the line CI reads:
// "N passed, N failed". A crash before any test runs counts as a failure.
import { spawn } from 'node:child_process';

function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

let passed = 0;
let failed = 0;

process.stdout.write('== type check (tsc --noEmit)\n');
// The local binaries, not npx: npx may try the network or prompt when it cannot resolve a package.
const typecheck = await run(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit']);
if (typecheck.code === 0) passed++;
else {
  failed++;
  console.log(`type check failed (exit code ${typecheck.code})`);
}

process.stdout.write('== lint (eslint, dependency-cruiser module boundaries, biome format)\n');
const lint = await run(process.execPath, ['node_modules/eslint/bin/eslint.js', 'src']);
const boundaries = await run(process.execPath, [
  'node_modules/dependency-cruiser/bin/dependency-cruise.mjs',
  'src',
  '--config',
  '.dependency-cruiser.cjs',
]);
// The format check the heading names (npm run lint runs it too): until now npm test announced it but skipped it.
const format = await run(process.execPath, ['node_modules/@biomejs/biome/bin/biome', 'format', '.']);
for (const [name, result] of [
  ['lint', lint],
  ['module boundaries', boundaries],
  ['format', format],
]) {
  if (result.code === 0) passed++;
  else {
    failed++;
    console.log(`${name} failed (exit code ${result.code})`);
  }
}

process.stdout.write('== tests (ava --tap)\n');
const ava = await run(process.execPath, ['node_modules/ava/entrypoints/cli.mjs', '--tap', ...process.argv.slice(2)]);
const count = (label) => Number(ava.output.match(new RegExp(`^# ${label} (\\d+)$`, 'm'))?.[1] ?? 0);
const avaPassed = count('pass');
const avaFailed = count('fail');
passed += avaPassed;
failed += avaFailed;
if (ava.code !== 0 && avaFailed === 0) failed++; // AVA crashed or found no tests
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
