// Regenerates docs/diagrams/ and the README's compact call chart from the machines (after
// `npm run build`): `npm run diagrams`. test/src/cli/diagram-command.test.ts fails until they match.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const cli = new URL('../dist/src/cli/main.js', import.meta.url).pathname;
const docs = new URL('../docs/diagrams/', import.meta.url);
const diagram = (...args) => execFileSync(process.execPath, [cli, 'diagram', ...args], { encoding: 'utf8' });
for (const machine of ['call', 'line', 'gather']) {
  for (const [format, ext] of [['mermaid', 'mmd'], ['dot', 'dot'], ['svg', 'svg']]) {
    writeFileSync(new URL(`${machine}.${ext}`, docs), diagram('--machine', machine, '--format', format));
  }
}
const compact = diagram('--machine', 'call', '--format', 'mermaid', '--compact');
writeFileSync(new URL('call-compact.mmd', docs), compact);
const readme = new URL('../README.md', import.meta.url);
const text = readFileSync(readme, 'utf8');
writeFileSync(readme, text.replace(/```mermaid\n[\s\S]*?```/, () => '```mermaid\n' + compact + '```'));
