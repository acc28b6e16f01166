// Reading values out of node-soap's parsed request objects. node-soap gives a single object where the
// schema allows many, strings or numbers for xsd:int, and { $value, attributes } for elements with
// attributes, so every read goes through here and a bad value becomes SVC0002 naming the part.
import { AppError } from '../../kernel/errors.js';

export type Parsed = Record<string, unknown>;

export function asObject(value: unknown, part: string): Parsed {
  if (value && typeof value === 'object' && !Array.isArray(value)) return value as Parsed;
  if (value === undefined || value === null || value === '') return {};
  throw new AppError('SVC0002', [part]);
}

export function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function textOf(value: unknown): unknown {
  if (value && typeof value === 'object' && '$value' in value) return value.$value;
  return value;
}

export function optionalString(value: unknown, part: string): string | undefined {
  const v = textOf(value);
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'object' && Object.keys(v).length === 0) return '';
  throw new AppError('SVC0002', [part]);
}

export function requiredString(value: unknown, part: string): string {
  const v = optionalString(value, part);
  if (v === undefined || v === '') throw new AppError('SVC0002', [part]);
  return v;
}

export function optionalInt(value: unknown, part: string, max = 2 ** 31 - 1): number | undefined {
  const v = optionalString(value, part);
  if (v === undefined) return undefined;
  const trimmed = v.trim();
  if (!/^[+-]?\d+$/.test(trimmed)) throw new AppError('SVC0002', [part]);
  const n = Number(trimmed);
  if (!Number.isSafeInteger(n) || Math.abs(n) > max) throw new AppError('SVC0002', [part]);
  return n;
}

export function optionalBoolean(value: unknown, part: string): boolean | undefined {
  const v = optionalString(value, part)?.trim();
  if (v === undefined) return undefined;
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw new AppError('SVC0002', [part]);
}

export function requiredBoolean(value: unknown, part: string): boolean {
  const v = optionalBoolean(value, part);
  if (v === undefined) throw new AppError('SVC0002', [part]);
  return v;
}

const base64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function requiredBase64(value: unknown, part: string): Buffer {
  const v = optionalString(value, part);
  if (v === undefined) throw new AppError('SVC0002', [part]);
  const compact = v.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !base64.test(compact)) throw new AppError('SVC0002', [part]);
  return Buffer.from(compact, 'base64');
}

export function optionalEnum<T extends string>(value: unknown, allowed: readonly T[], part: string): T | undefined {
  const v = optionalString(value, part);
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v)) throw new AppError('SVC0002', [part]);
  return v as T;
}

export { isoTime } from '../../kernel/time.js';
