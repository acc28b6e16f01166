// Defence in depth against prototype pollution. hardenPrototypes(), called once every module is loaded,
// freezes the built-in prototypes, so `obj.__proto__.isAdmin = true`, `obj.constructor.prototype.x = 1`
// or node soap 1.13's `refs[id].obj = ...` with id="__proto__" (WSDL.xmlToObject, which parses every
// response the federation client reads) can no longer change every object in the process.
// prototypesIntact() tells whether anything was added to or replaced on them since this module was
// loaded, hardened or not (/healthz runs it).
//
// What is frozen, and why not more or less (each point tested by test/unit/harden-prototypes.test.ts):
// - every intrinsic prototype in intrinsics(), the functions they hold (methods, getters, setters), and
//   the constructors Object, Function, Array, String, Number and Boolean, which `x.constructor` reaches
//   from parsed data (node soap writes `Object.obj` for id="constructor").
// - Not the Error constructors: depd, pino and node itself assign Error.stackTraceLimit and
//   Error.prepareStackTrace at run time. Not Date (fake timers), nor the other constructors: no
//   pollution path reaches them from parsed data.
//
// The "override mistake": a frozen prototype's data properties are read-only, and a plain assignment of
// the same name on an object that inherits them throws in strict code (silently does nothing in sloppy
// code). With a plain Object.freeze, these break at run time, not at load:
// - our own errors (`this.name = 'AppError'` in src/errors.ts): every fault became a TypeError;
// - axios (node soap's HTTP client): `this.name = 'AxiosError'` (axios/lib/core/AxiosError.js:219) on
//   every failed call, thrown from a socket 'end' handler: an uncaught exception, the process dies;
// - knex: KnexTimeoutError and MigrationLocked (`this.name = ...`, knex/lib/util/timeout.js:4);
// - pg: DatabaseError (`this.name = name`, pg-protocol/dist/messages.js:40): every SQL error;
// - node: AbortError (`this.name = 'AbortError'`, internal/errors.js);
// - follow-redirects (`this.message = ...`, sloppy: the message is lost) and @xmldom/xmldom's ParseError
//   and DOMException (`this.message = ...`, sloppy: lost);
// - node soap's xmlToObject: attributes named like an Object.prototype member (constructor, valueOf...)
//   silently vanish from the parsed object; user-keyed assignments elsewhere would throw.
// Object.preventExtensions(Object.prototype) instead of freeze avoids that, but leaves every existing
// member replaceable (`Object.prototype.toString = f`). So, as SES and `node --frozen-intrinsics` do, the
// properties such code assigns are first turned into accessors: reading gives the original value;
// assigning on an inheriting object defines that object's own property, exactly what the assignment did
// before; assigning on the prototype itself throws, in sloppy code too (where a frozen data property
// would drop it silently). The prototype stays frozen: nothing can be added,
// removed or replaced. All of Object.prototype's data properties get this treatment (keys of parsed data
// may be any of them); elsewhere only what code assigns (overridable below). Deliberately not:
// - `constructor` of the Error prototypes: util.inspect then prints every error as `{}` (crash reports
//   lose their stack). Code that sets Sub.prototype.constructor after Object.create(Error.prototype)
//   at run time, rather than at load, would throw; none of our dependencies does.
// - Promise.prototype `constructor` and `then`: an accessor there switches off V8's promise fast paths
//   (PromiseSpeciesProtector) and util.inspect of promises. Known casualty: axios's CancelToken
//   (`this.promise.then = ...`, axios/lib/cancel/CancelToken.js:39) throws; node soap does not use it.
// - Array and typed-array prototypes: `constructor` there guards V8's species fast paths; nothing
//   assigns their members on instances.

type Key = string | symbol;

interface Entry {
  readonly name: string;
  readonly target: object;
}

// Taken now, before anything could replace them.
const { defineProperty, freeze, getPrototypeOf, hasOwn, isFrozen } = Object;
const { getOwnPropertyDescriptor, ownKeys } = Reflect;

const isObject = (value: unknown): value is object => (typeof value === 'object' || typeof value === 'function') && value !== null;

/** The intrinsic prototypes, then the constructors, to freeze; with the names problem reports use. */
function intrinsics(): { prototypes: Entry[]; constructors: Entry[] } {
  const prototypes: Entry[] = [];
  const add = (name: string, target: unknown) => {
    if (isObject(target) && !prototypes.some((entry) => entry.target === target)) prototypes.push({ name, target });
  };
  const globals = globalThis as unknown as Record<string, { prototype?: unknown } | undefined>;
  for (const name of [
    'Object',
    'Array',
    'Function',
    'String',
    'Number',
    'Boolean',
    'Symbol',
    'BigInt',
    'RegExp',
    'Date',
    'Error',
    'EvalError',
    'RangeError',
    'ReferenceError',
    'SyntaxError',
    'TypeError',
    'URIError',
    'AggregateError',
    'Promise',
    'Map',
    'Set',
    'WeakMap',
    'WeakSet',
    'WeakRef',
    'FinalizationRegistry',
    'ArrayBuffer',
    'SharedArrayBuffer',
    'DataView',
    'Int8Array',
    'Uint8Array',
    'Uint8ClampedArray',
    'Int16Array',
    'Uint16Array',
    'Int32Array',
    'Uint32Array',
    'Float32Array',
    'Float64Array',
    'BigInt64Array',
    'BigUint64Array',
  ]) {
    add(`${name}.prototype`, globals[name]?.prototype);
  }
  add('%TypedArray%.prototype', getPrototypeOf(Uint8Array.prototype));
  const arrayIterator: unknown = getPrototypeOf([][Symbol.iterator]());
  add('%ArrayIteratorPrototype%', arrayIterator);
  add('%IteratorPrototype%', getPrototypeOf(arrayIterator));
  add('%MapIteratorPrototype%', getPrototypeOf(new Map()[Symbol.iterator]()));
  add('%SetIteratorPrototype%', getPrototypeOf(new Set()[Symbol.iterator]()));
  add('%StringIteratorPrototype%', getPrototypeOf(''[Symbol.iterator]()));
  add('%RegExpStringIteratorPrototype%', getPrototypeOf(/x/[Symbol.matchAll]('')));
  const generatorFunction = getPrototypeOf(function* () {}) as { prototype: unknown };
  add('%GeneratorFunction.prototype%', generatorFunction);
  add('%GeneratorPrototype%', generatorFunction.prototype);
  const asyncGeneratorFunction = getPrototypeOf(async function* () {}) as { prototype: object };
  add('%AsyncGeneratorFunction.prototype%', asyncGeneratorFunction);
  add('%AsyncGeneratorPrototype%', asyncGeneratorFunction.prototype);
  add('%AsyncIteratorPrototype%', getPrototypeOf(asyncGeneratorFunction.prototype));
  add(
    '%AsyncFunction.prototype%',
    getPrototypeOf(async function () {}),
  );
  const constructors = [Object, Function, Array, String, Number, Boolean].map((target) => ({ name: target.name, target }));
  return { prototypes, constructors };
}

/** Members that code assigns on objects inheriting them: they stay overridable by assignment. '*': all. */
const overridable: Readonly<Record<string, '*' | readonly string[]>> = {
  // Keys of parsed data can be any name: `obj[key] = value` must keep working for all of them.
  'Object.prototype': '*',
  // regenerator-runtime, underscore and rollup assign these on functions (SES's list).
  'Function.prototype': ['constructor', 'bind', 'toString'],
  // `this.name = ...` in every Error subclass; `this.message = ...` on errors made without a message.
  'Error.prototype': ['name', 'message', 'toString'],
  'EvalError.prototype': ['name', 'message'],
  'RangeError.prototype': ['name', 'message'],
  'ReferenceError.prototype': ['name', 'message'],
  'SyntaxError.prototype': ['name', 'message'],
  'TypeError.prototype': ['name', 'message'],
  'URIError.prototype': ['name', 'message'],
  'AggregateError.prototype': ['name', 'message'],
  'Date.prototype': ['toString', 'toJSON'],
  'String.prototype': ['toString'],
  'Number.prototype': ['toString'],
  'Boolean.prototype': ['toString'],
  'Symbol.prototype': ['toString'],
};

/** The original value behind each accessor made by enableOverride, by getter. */
const overriddenValues = new WeakMap<object, unknown>();

/** Each own property: [value] for data, [getter, setter] for accessors (ours count as their value). */
function describe(target: object): Map<Key, readonly [unknown, unknown]> {
  const properties = new Map<Key, readonly [unknown, unknown]>();
  for (const key of ownKeys(target)) {
    const descriptor = getOwnPropertyDescriptor(target, key);
    if (!descriptor) continue;
    if ('value' in descriptor) properties.set(key, [descriptor.value, undefined]);
    else if (descriptor.get && overriddenValues.has(descriptor.get)) properties.set(key, [overriddenValues.get(descriptor.get), undefined]);
    else properties.set(key, [descriptor.get, descriptor.set]);
  }
  return properties;
}

const { prototypes, constructors } = intrinsics();
const guarded = [...prototypes, ...constructors];
/** Taken when this module is first evaluated: what prototypesIntact() compares with. */
const snapshot = new Map<Entry, ReadonlyMap<Key, readonly [unknown, unknown]>>(guarded.map((entry) => [entry, describe(entry.target)]));
let hardened = false;

/** Turns a data property of `target` into an accessor that lets inheriting objects override it by assignment. */
function enableOverride(target: object, key: Key): void {
  const descriptor = getOwnPropertyDescriptor(target, key);
  if (!descriptor || !('value' in descriptor) || !descriptor.configurable) return;
  const value: unknown = descriptor.value;
  const getter = function (this: unknown): unknown {
    return value;
  };
  const setter = function (this: unknown, replacement: unknown): void {
    if (this === target) throw new TypeError(`Cannot assign to read only property '${String(key)}' of a frozen built-in prototype`);
    // A primitive cannot hold properties: an assignment to one is dropped (sloppy) or refused (strict) anyway.
    if (!isObject(this)) return;
    if (hasOwn(this, key)) (this as Record<Key, unknown>)[key] = replacement;
    else defineProperty(this, key, { value: replacement, writable: true, enumerable: true, configurable: true });
  };
  overriddenValues.set(getter, value);
  defineProperty(target, key, { get: getter, set: setter, enumerable: descriptor.enumerable === true, configurable: true });
}

/** Freezes `target` and the functions and objects its properties hold, except constructors and prototypes. */
function freezeWithMembers(target: object): void {
  freeze(target);
  for (const key of ownKeys(target)) {
    const descriptor = getOwnPropertyDescriptor(target, key)!;
    const value: unknown = descriptor.get && overriddenValues.has(descriptor.get) ? overriddenValues.get(descriptor.get) : descriptor.value;
    const members =
      key === 'constructor' || key === 'prototype' ? [descriptor.get, descriptor.set] : [value, descriptor.get, descriptor.set];
    for (const member of members) if (isObject(member)) freeze(member);
  }
}

/**
 * Freezes the built-in prototypes, their methods and the constructors listed in intrinsics(), after
 * making the members in `overridable` assignable on inheriting objects (the override mistake, see the
 * top of this file). Call once every module is loaded; calling again does nothing.
 */
export function hardenPrototypes(): void {
  if (hardened) return;
  for (const { name, target } of prototypes) {
    const keys = overridable[name];
    for (const key of keys === '*' ? ownKeys(target) : (keys ?? [])) enableOverride(target, key);
  }
  for (const { target } of guarded) freezeWithMembers(target);
  hardened = true;
}

const maxProblems = 10;
const maxNameLength = 64;
function shown(key: Key): string {
  const text = typeof key === 'symbol' ? `[${String(key.description)}]` : JSON.stringify(key);
  return text.length > maxNameLength ? `${text.slice(0, maxNameLength - 1)}…` : text;
}

/**
 * Whether the built-in prototypes (and the constructors hardenPrototypes() freezes) are as they were when
 * this module was loaded: no property added, removed or replaced, and, once hardenPrototypes() ran, each
 * still frozen. At most 10 problems are listed (the last one then counts the rest); names are cut to 64
 * characters.
 */
export function prototypesIntact(): { ok: boolean; problems: string[] } {
  const problems: string[] = [];
  let count = 0;
  const report = (problem: string) => {
    if (count++ < maxProblems) problems.push(problem);
  };
  for (const [entry, then] of snapshot) {
    if (hardened && !isFrozen(entry.target)) report(`${entry.name} is not frozen`);
    const now = describe(entry.target);
    for (const [key, [value, setter]] of now) {
      const before = then.get(key);
      if (!before) report(`${entry.name}: ${shown(key)} was added`);
      else if (!Object.is(before[0], value) || !Object.is(before[1], setter)) report(`${entry.name}: ${shown(key)} was replaced`);
    }
    for (const key of then.keys()) {
      if (!now.has(key)) report(`${entry.name}: ${shown(key)} was removed`);
    }
  }
  if (count > maxProblems) problems[maxProblems - 1] = `…and ${count - maxProblems + 1} more`;
  return { ok: count === 0, problems };
}
