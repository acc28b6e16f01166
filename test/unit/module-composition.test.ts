// The module contract: the gateway starts modules in dependency order from their declarations alone, and
// refuses a list that is not true (cycles, unknown dependencies, undeclared uses, hooks nobody offers).
import test from 'ava';
import type { CapabilityModule } from '../../src/platform/modules/contract.js';
import { type BaseContext, composeModules, dependencyOrder } from '../../src/platform/modules/compose.js';

const base = {} as BaseContext;

function mod(
  name: string,
  dependsOn: string[] = [],
  start: CapabilityModule['start'] = () => ({}),
  hooks: Partial<CapabilityModule['hooks']> = {},
): CapabilityModule {
  return { name, dependsOn, hooks: { offers: hooks.offers ?? [], handles: hooks.handles ?? [] }, start };
}

test('modules start after their dependencies, whatever order they are listed in', (t) => {
  const started: string[] = [];
  const track = (name: string, deps: string[] = []) => mod(name, deps, () => (started.push(name), {}));
  const result = composeModules(
    [track('messaging', ['inbox', 'addressing']), track('inbox'), track('addressing'), track('privacy', ['inbox'])],
    base,
  );
  t.deepEqual(started, result.order);
  t.true(started.indexOf('inbox') < started.indexOf('messaging'));
  t.true(started.indexOf('addressing') < started.indexOf('messaging'));
  t.true(started.indexOf('inbox') < started.indexOf('privacy'));
});

test('a dependency cycle is refused and named', (t) => {
  const error = t.throws(() => dependencyOrder([mod('a', ['b']), mod('b', ['c']), mod('c', ['a']), mod('d')]));
  t.regex(error.message, /cycle: (a -> b -> c -> a|b -> c -> a -> b|c -> a -> b -> c)/);
});

test('an unknown dependency and a module listed twice are refused', (t) => {
  t.throws(() => dependencyOrder([mod('a', ['ghost'])]), { message: /depends on ghost/ });
  t.throws(() => dependencyOrder([mod('a'), mod('a')]), { message: /listed twice/ });
});

test('a module uses only services of the modules it declares', (t) => {
  const provider = mod('inbox', [], (ctx) => {
    ctx.provide('test.value' as never, 42 as never);
    return {};
  });
  const declared = mod('messaging', ['inbox'], (ctx) => {
    t.is(ctx.use('test.value' as never) as unknown, 42);
    return {};
  });
  composeModules([provider, declared], base);
  const undeclared = mod('presence', [], (ctx) => (ctx.use('test.value' as never), {}));
  t.throws(() => composeModules([provider, undeclared], base), {
    message: /without declaring that dependency|no module started before it provides/,
  });
});

test('a hook handled by a module that started later still runs, and an unoffered hook is refused', (t) => {
  let run: (() => readonly unknown[]) | undefined;
  const offering = mod('messaging', [], (ctx) => ((run = () => ctx.handlers('test.hook' as never)), {}), {
    offers: ['test.hook' as never],
  });
  const handling = mod('privacy', ['messaging'], (ctx) => (ctx.handle('test.hook' as never, 'handler' as never), {}), {
    handles: ['test.hook' as never],
  });
  composeModules([offering, handling], base);
  t.deepEqual(run?.(), ['handler']);
  t.throws(() => composeModules([handling], base), { message: /depends on messaging|which no module offers/ });
  const sneaky = mod('contacts', [], (ctx) => (ctx.handle('test.hook' as never, 'x' as never), {}));
  t.throws(() => composeModules([offering, sneaky], base), { message: /without declaring it/ });
});

test("the gateway's own modules form a DAG, and every hook handled is offered", async (t) => {
  const { capabilityModules } = await import('../../src/main/modules.js');
  const order = dependencyOrder(capabilityModules).map((m) => m.name);
  t.true(order.indexOf('inbox') < order.indexOf('messaging'));
  t.true(order.indexOf('presence') < order.indexOf('privacy'));
  t.true(order.indexOf('privacy') < order.indexOf('contacts'));
  const offered = new Set(capabilityModules.flatMap((m) => m.hooks.offers));
  t.deepEqual(
    capabilityModules.flatMap((m) => m.hooks.handles).filter((hook) => !offered.has(hook)),
    [],
  );
});
