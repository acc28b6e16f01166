// What modules give each other at run time, by name and typed: services (`provide`/`use`) and hooks
// (`handle`/`handlers`). Modules add their names to ServiceTypes and HookTypes by declaration merging
// (`declare module '.../registry.js'`), so a typo or a wrong type is a compile error. Each module gets a
// scoped view (`scoped`): it may use only what its declared dependencies provide, and may handle only hooks
// that a module offers; the composer (compose.ts) checks both.

/** Services modules provide to their dependents; augmented by each module's module.ts. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ServiceTypes {}

/** Hook handler types by hook name; augmented by the module that offers the hook. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface HookTypes {}

export type ServiceName = keyof ServiceTypes;
export type HookName = keyof HookTypes;

export class Registry {
  private readonly services = new Map<string, { readonly provider: string; readonly value: unknown }>();
  private readonly hooks = new Map<string, unknown[]>();

  provide<K extends ServiceName>(provider: string, name: K, value: ServiceTypes[K]): void {
    const existing = this.services.get(name);
    if (existing) throw new Error(`service ${name} is provided by both ${existing.provider} and ${provider}`);
    this.services.set(name, { provider, value });
  }

  /** The service, provided by `allowed` modules only (the caller's declared dependencies). */
  use<K extends ServiceName>(consumer: string, allowed: ReadonlySet<string>, name: K): ServiceTypes[K] {
    const entry = this.services.get(name);
    if (!entry) throw new Error(`${consumer} uses service ${name}, which no module started before it provides`);
    if (!allowed.has(entry.provider)) throw new Error(`${consumer} uses ${name} of ${entry.provider} without declaring that dependency`);
    return entry.value as ServiceTypes[K];
  }

  handle<K extends HookName>(hook: K, handler: HookTypes[K]): void {
    const list = this.hooks.get(hook) ?? [];
    list.push(handler);
    this.hooks.set(hook, list);
  }

  /** The live list of handlers: read at call time, so modules started later still take part. */
  handlers<K extends HookName>(hook: K): readonly HookTypes[K][] {
    let list = this.hooks.get(hook);
    if (!list) {
      list = [];
      this.hooks.set(hook, list);
    }
    return list as HookTypes[K][];
  }
}
