/**
 * Layers (issue 15): an import arrow never runs from a lower layer to a higher one.
 *   platform  — bricks every process uses (config, auth, HTTP, metrics…): imports no other layer
 *   db        — the pool, migrations, seeds and shared query helpers: imports platform only
 *   jobs, gateway, subgraphs, scripts, bench — above both
 * Tests are left out of the rules: a test may reach for any layer's support code.
 * Checked by `npm run layers` (part of `npm test`).
 */
const tests = '\\.test\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'platform-imports-nothing-above',
      comment: 'platform/ is the lowest layer: it may not import db/, jobs/, gateway/, subgraphs/, scripts/, bench/ or test/.',
      severity: 'error',
      from: { path: '^platform/', pathNot: tests },
      to: { path: '^(db|jobs|gateway|subgraphs|scripts|bench|test)/' },
    },
    {
      name: 'db-imports-platform-only',
      comment: 'db/ may import platform/ and nothing else of the project.',
      severity: 'error',
      from: { path: '^db/', pathNot: tests },
      to: { path: '^(jobs|gateway|subgraphs|scripts|bench|test)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
