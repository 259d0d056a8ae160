// `npm run db:reset`: wipes the embedded PostgreSQL of `npm start` (its data under .data/postgres and its
// credentials). The next `npm start` creates, migrates and seeds a fresh database. Refuses while it runs.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = path.resolve(root, process.env.DATA_DIR ?? '.data');
const pgDir = path.join(dataDir, 'postgres');
const pidFile = path.join(pgDir, 'postmaster.pid');

if (existsSync(pidFile)) {
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  let running = false;
  try {
    process.kill(pid, 0);
    running = true;
  } catch {
    running = false;
  }
  if (running) {
    console.error('db:reset: the embedded PostgreSQL is running (stop `npm start` first)');
    process.exit(1);
  }
}
rmSync(pgDir, { recursive: true, force: true });
rmSync(path.join(dataDir, 'postgres-credentials.json'), { force: true });
console.log(`db:reset: removed ${path.relative(root, pgDir)}; the next \`npm start\` seeds a fresh demo database`);
