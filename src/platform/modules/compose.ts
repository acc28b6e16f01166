// Starts capability modules in dependency order and collects what they serve and run. Refuses to start on an
// unknown dependency, a dependency cycle, a hook handled that no module offers, or a module that uses a
// service or hook it did not declare: the module list is the whole wiring, and it has to be true.
import type { CapabilityModule, ModuleContext, Worker } from './contract.js';
import { type HookName, type HookTypes, Registry, type ServiceName, type ServiceTypes } from './registry.js';
import type { ServiceDefinition } from '../soap/mount.js';

export type BaseContext = Omit<ModuleContext, 'provide' | 'use' | 'handle' | 'handlers'>;

export interface Composition {
  /** Module names in the order they started. */
  readonly order: readonly string[];
  readonly soap: readonly ServiceDefinition[];
  readonly workers: readonly Worker[];
  /** A service a module provided, for the composition root (main/): the CLI calls the same services as SOAP. */
  service<K extends ServiceName>(name: K): ServiceTypes[K];
  /** Adds a handler of a hook some module offers, for the composition root (main/: caches outside the modules). */
  handle<K extends HookName>(hook: K, handler: HookTypes[K]): void;
}

/** Dependencies before dependents (Kahn's algorithm, stable in list order); throws on a cycle. */
export function dependencyOrder(modules: readonly CapabilityModule[]): CapabilityModule[] {
  const byName = new Map<string, CapabilityModule>();
  for (const m of modules) {
    if (byName.has(m.name)) throw new Error(`module ${m.name} is listed twice`);
    byName.set(m.name, m);
  }
  for (const m of modules)
    for (const d of m.dependsOn) if (!byName.has(d)) throw new Error(`module ${m.name} depends on ${d}, which is not listed`);
  const order: CapabilityModule[] = [];
  const placed = new Set<string>();
  while (order.length < modules.length) {
    const ready = modules.find((m) => !placed.has(m.name) && m.dependsOn.every((d) => placed.has(d)));
    if (!ready) throw new Error(`module dependency cycle: ${describeCycle(modules, placed)}`);
    order.push(ready);
    placed.add(ready.name);
  }
  return order;
}

/** One cycle among the modules not yet placed, as "a -> b -> a". */
function describeCycle(modules: readonly CapabilityModule[], placed: ReadonlySet<string>): string {
  const left = new Map(modules.filter((m) => !placed.has(m.name)).map((m) => [m.name, m]));
  let name = [...left.keys()][0]!;
  const path: string[] = [];
  while (!path.includes(name)) {
    path.push(name);
    name = left.get(name)!.dependsOn.find((d) => left.has(d))!;
  }
  return [...path.slice(path.indexOf(name)), name].join(' -> ');
}

export function composeModules(modules: readonly CapabilityModule[], base: BaseContext): Composition {
  const ordered = dependencyOrder(modules);
  const offered = new Set(modules.flatMap((m) => m.hooks.offers));
  for (const m of modules)
    for (const hook of m.hooks.handles)
      if (!offered.has(hook)) throw new Error(`module ${m.name} handles hook ${hook}, which no module offers`);
  const registry = new Registry();
  const soap: ServiceDefinition[] = [];
  const workers: Worker[] = [];
  for (const m of ordered) {
    const allowed = new Set(m.dependsOn);
    const context: ModuleContext = {
      ...base,
      provide: (name, value) => registry.provide(m.name, name, value),
      use: (name) => registry.use(m.name, allowed, name),
      handle: (hook, handler) => {
        if (!m.hooks.handles.includes(hook)) throw new Error(`module ${m.name} handles ${hook} without declaring it`);
        registry.handle(hook, handler);
      },
      handlers: (hook) => {
        if (!m.hooks.offers.includes(hook)) throw new Error(`module ${m.name} runs hook ${hook} without offering it`);
        return registry.handlers(hook);
      },
    };
    const started = m.start(context);
    soap.push(...(started.soap ?? []));
    workers.push(...(started.workers ?? []));
  }
  const everyModule = new Set(modules.map((m) => m.name));
  return {
    order: ordered.map((m) => m.name),
    soap,
    workers,
    service: (name) => registry.use('main', everyModule, name),
    handle: (hook, handler) => {
      if (!offered.has(hook)) throw new Error(`main handles hook ${hook}, which no module offers`);
      registry.handle(hook, handler);
    },
  };
}
