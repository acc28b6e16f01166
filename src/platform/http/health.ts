// GET /healthz: "ok" only when the gateway can really serve. A polluted prototype once left node soap,
// body-parser and knex broken while the old probe still said ok; now each check runs on every probe:
// the built-in prototypes are untouched, a SOAP round trip works in-process, and the database answers.
// 200 when all pass, 503 with the failing checks otherwise.
import type { Request, Response } from 'express';
import { truncate } from '../../kernel/errors.js';

export type HealthCheck = () => void | Promise<void>;

export interface HealthReport {
  readonly status: 'ok' | 'stopping' | 'failing';
  readonly domains: readonly string[];
  /** 'ok', or what failed. */
  readonly checks: Readonly<Record<string, string>>;
}

export async function runChecks(checks: ReadonlyMap<string, HealthCheck>): Promise<Map<string, string>> {
  const results = new Map<string, string>();
  for (const [name, check] of checks) {
    try {
      await check();
      results.set(name, 'ok');
    } catch (error) {
      results.set(name, truncate(error instanceof Error ? error.message : String(error)));
    }
  }
  return results;
}

export function healthHandler(checks: ReadonlyMap<string, HealthCheck>, domains: readonly string[], stopping: () => boolean) {
  return async (_req: Request, res: Response) => {
    const results = await runChecks(checks);
    const healthy = [...results.values()].every((r) => r === 'ok');
    const report: HealthReport = {
      status: stopping() ? 'stopping' : healthy ? 'ok' : 'failing',
      domains,
      checks: Object.fromEntries(results),
    };
    res.status(healthy ? 200 : 503).json(report);
  };
}
