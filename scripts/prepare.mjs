// npm's `prepare`: builds dist/ unless it is already newer than every source file.
//
// Why not always `npm run build`: `npx xtapi …` run inside this repository installs the package
// into npx's cache as a link to this directory, and npm runs `prepare` for it. A build starts with
// `rm -rf dist`, so every process reading dist/ at that moment (a test, another npx) would find
// its modules gone. A fresh clone, or sources changed since the last build, still builds.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = join(root, 'dist', 'src', 'cli', 'main.js');

function newest(dir) {
  let time = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    time = Math.max(time, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return time;
}

const sources = Math.max(...['machines', 'providers', 'src'].map((dir) => newest(join(root, dir))), statSync(join(root, 'tsconfig.json')).mtimeMs);
if (!existsSync(built) || statSync(built).mtimeMs < sources) {
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
}
