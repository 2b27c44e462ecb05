// The layers of src/ and the one rule between them: a file imports only from its own layer or a
// lower one, and no file imports itself through others. Checked by test/architecture.test.ts;
// `npx depcruise src` prints the same verdict.
//
//   common (with config.ts, logger.ts)  <-  db (with migrations/)  <-  auth  <-  modules  <-  server, demo  <-  main
//
// Type-only imports count too: a type that names an upper layer ties the lower one to it all the same.

const LAYERS = [
  { name: 'common', path: '^src/(common/|config\\.ts$|logger\\.ts$)' },
  { name: 'db', path: '^(src/db/|migrations/)' },
  { name: 'auth', path: '^src/auth/' },
  { name: 'modules', path: '^src/modules/' },
  { name: 'server', path: '^src/(server|demo)/' },
  { name: 'main', path: '^src/(main|production-default)\\.ts$' },
];

const upward = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `${layer.name}-imports-downward-only`,
  comment: `${layer.name} must not import a higher layer (${LAYERS.slice(i + 1).map((l) => l.name).join(', ')})`,
  severity: 'error',
  from: { path: layer.path },
  to: { path: LAYERS.slice(i + 1).map((l) => l.path) },
}));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'server-does-not-import-demo',
      comment: 'the demo data and the HTTP server are siblings: main hands the demo to the server',
      severity: 'error',
      from: { path: '^src/server/' },
      to: { path: '^src/demo/' },
    },
    {
      name: 'demo-does-not-import-server',
      comment: 'the demo data and the HTTP server are siblings: the demo writes rows, it serves nothing',
      severity: 'error',
      from: { path: '^src/demo/' },
      to: { path: '^src/server/' },
    },
    {
      name: 'src-stands-alone',
      comment: 'src/ is the service: it never imports the tests, the scripts or the CLI configuration',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|scripts)/|^ormconfig\\.ts$' },
    },
    {
      name: 'no-circular',
      comment: 'no file imports itself through others',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'every-layer-known',
      comment: 'every file of src/ belongs to a layer of this file',
      severity: 'error',
      from: { path: '^src/', pathNot: LAYERS.map((l) => l.path) },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    moduleSystems: ['cjs', 'es6'],
  },
};
