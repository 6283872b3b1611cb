// Fails when server/, shared/ or client/src has an import cycle, type-only imports included (import-x/no-cycle
// skips those; a type cycle is still two modules that cannot be understood or moved apart). Part of `npm run lint`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDependencyTree, parseCircular } from 'dpdm';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entries = ['server/**/*.ts', 'shared/**/*.ts', 'client/src/**/*.ts', 'client/src/**/*.tsx'];

const tree = await parseDependencyTree(entries, {
  cwd: root,
  context: root,
  // The extensionless imports the code uses, resolved as TypeScript (moduleResolution: Bundler) does.
  extensions: ['', '.ts', '.tsx', '.mjs', '.js', '.json'],
  tsconfig: path.join(root, 'tsconfig.json'),
  // Keep `import type`: a cycle made of types only is a cycle too.
  transform: false,
});
const cycles = parseCircular(tree);

if (cycles.length === 0) {
  console.log(`import cycles: none (${Object.values(tree).filter(Boolean).length} modules)`);
} else {
  console.error(`import cycles: ${cycles.length} (type-only imports included)`);
  for (const [i, cycle] of cycles.entries()) console.error(`  ${i + 1}) ${[...cycle, cycle[0]].join(' -> ')}`);
  process.exitCode = 1;
}
