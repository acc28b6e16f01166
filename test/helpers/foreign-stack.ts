// Drives SOAP clients written in other languages (test/interop/<stack>/) against a test gateway. Each such
// program sends CONTENT from alice to alice and bob, reads alice's inbox, acknowledges, provokes an unknown
// message id fault, and prints one JSON report; assertRoundTrip checks that report and cross-checks the
// stored message through node soap, so a foreign encoding bug cannot hide behind a matching decoder.
import { spawn, spawnSync } from 'node:child_process';
import type { ExecutionContext } from 'ava';
import { decode, list, nodeSoapClient } from './clients.js';
import type { TestGateway } from './gateway.js';

export interface ProgramRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The report every interop program prints as its last stdout line. */
export interface InteropReport {
  readonly stack: string;
  readonly messageId: string;
  readonly recipientStatus: readonly string[];
  readonly received: number | string;
  readonly receivedHex?: string;
  readonly sender?: string;
  readonly acknowledged: number | string;
  readonly fault: { faultcode?: string; type?: string; messageId?: string; text?: string; variables?: string[] } | null;
}

/** Text and raw bytes that must survive every stack: emoji (4-byte UTF-8), CJK, NUL and 0xFF. */
export const interopContent = Buffer.concat([
  Buffer.from('Grüße 👋 你好，世界 こんにちは ', 'utf8'),
  Buffer.from([0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff]),
]);

/** True when `command` runs and exits 0: used to skip a stack that is not installed here. */
export function available(command: string, args: readonly string[] = []): boolean {
  const probe = spawnSync(command, [...args], { stdio: 'ignore', timeout: 20_000 });
  return probe.error === undefined && probe.status === 0;
}

/**
 * Skips the test with a visible notice when a tool is missing (CI images without these stacks); the gateway
 * and the programs need them all. Returns true when the test should go on.
 */
export function requireTools(t: ExecutionContext, probes: Readonly<Record<string, readonly string[]>>): boolean {
  const missing = Object.entries(probes)
    .filter(([, [command, ...args]]) => !available(command!, args))
    .map(([name]) => name);
  if (missing.length === 0) return true;
  t.log(`${missing.join(', ')} not installed, skipped`);
  t.true(missing.length > 0);
  return false;
}

/**
 * Runs a program without blocking the event loop (the gateway answers from this same process, so a
 * spawnSync would deadlock) and collects its output.
 */
export function runProgram(
  command: string,
  args: readonly string[],
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<ProgramRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs a program that prints an InteropReport; fails the test with its stderr when it did not. */
export async function runInteropProgram(
  t: ExecutionContext,
  command: string,
  args: readonly string[],
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<InteropReport> {
  const run = await runProgram(command, args, options);
  if (run.stderr.trim()) t.log(run.stderr.trim());
  t.is(run.code, 0, `${command} exited with ${run.code}: ${run.stderr}`);
  const last = run.stdout.trim().split('\n').at(-1) ?? '';
  const report = JSON.parse(last) as InteropReport;
  t.log(`${report.stack}: ${last}`);
  return report;
}

/**
 * The checks every stack must pass: both recipients queued, the content back byte for byte, one message
 * acknowledged, and the unknown-id fault seen as a ServiceException SVC2001 with its variable. Then node
 * soap reads bob's copy (what the foreign stack put on the wire, decoded independently) and alice's
 * delivery status (delivered, so the foreign ack really removed it).
 */
export async function assertRoundTrip(t: ExecutionContext, gateway: TestGateway, report: InteropReport, wsdlUrl = gateway.wsdlUrl) {
  t.deepEqual(report.recipientStatus, ['queued', 'queued']);
  t.is(Number(report.received), 1);
  t.is(report.receivedHex, interopContent.toString('hex'));
  t.is(report.sender, 'alice@example.com');
  t.is(Number(report.acknowledged), 1);
  t.like(report.fault, { type: 'ServiceException', messageId: 'SVC2001', text: 'Unknown message id %1' });
  t.deepEqual(report.fault?.variables, ['no-such-message']);

  const bob = await nodeSoapClient(wsdlUrl, 'bob@example.com');
  const inbox = await bob.call('GetMessages', {});
  const copy = list<{ messageId: string; content: string }>(inbox.message).find((m) => m.messageId === report.messageId);
  t.is(Buffer.from(copy?.content ?? '', 'base64').toString('hex'), interopContent.toString('hex'), decode(copy?.content ?? ''));

  const alice = await nodeSoapClient(wsdlUrl, 'alice@example.com');
  const status = await alice.call('GetDeliveryStatus', { messageId: report.messageId });
  const statuses = list<{ address: string; status: string }>(status.status);
  t.is(statuses.find((s) => s.address === 'alice@example.com')?.status, 'delivered');
  t.is(statuses.find((s) => s.address === 'bob@example.com')?.status, 'retrieved');
}
