// Module boundaries (README "Layout"), checked by `npm run lint`. dependency-cruiser rather than
// eslint-plugin-boundaries: it sees the whole import graph, so it finds cycles across files and can name a
// module's own folder in a rule ("$1"), which is what "only through index.ts" needs.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'No import cycles in src/: modules form a DAG (they meet through hooks, not mutual imports).',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'module-internals-from-outside',
      comment: "Code outside a module imports it only through its index.ts.",
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/modules/' },
      to: { path: '^src/modules/[^/]+/', pathNot: '^src/modules/[^/]+/index\\.ts$' },
    },
    {
      name: 'module-internals-from-other-module',
      comment: "A module imports another module only through that module's index.ts.",
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'services-stay-pure',
      comment: 'Services (and every module file outside knex/ and soap.ts) import no knex, soap or express.',
      severity: 'error',
      from: { path: '^src/modules/[^/]+/', pathNot: ['/knex/', '/soap\\.ts$', '/index\\.ts$', '^src/modules/federation/wsi-client\\.ts$'] },
      to: { path: 'node_modules/(knex|soap|express)/' },
    },
    {
      name: 'soap-imports-no-knex',
      comment: 'SOAP code (handlers and the edge) never touches the database directly.',
      severity: 'error',
      from: { path: ['^src/modules/[^/]+/soap\\.ts$', '^src/platform/soap/'] },
      to: { path: ['node_modules/knex/', '/knex/'] },
    },
    {
      name: 'kernel-is-the-bottom',
      comment: 'The kernel imports nothing of platform, modules, main or relay.',
      severity: 'error',
      from: { path: '^src/kernel/' },
      to: { path: '^src/(platform|modules|main|relay)/' },
    },
    {
      name: 'modules-use-security-ports',
      comment:
        'Modules hash and seal secrets through the kernel ports (kernel/security-ports.ts) that main passes in; ' +
        'platform/auth/ implements them, and no module imports it.',
      severity: 'error',
      from: { path: '^src/modules/' },
      to: { path: '^src/platform/auth/' },
    },
    {
      name: 'platform-knows-no-module',
      comment: 'Platform services (db, soap edge, auth, wake-ups, http) serve modules and import none.',
      severity: 'error',
      from: { path: '^src/platform/' },
      to: { path: '^src/(modules|main|relay)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
