import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  const pg = globalThis.__SPENDGUARD_PG__;
  if (!pg) return;
  await pg.cluster.stop();
  rmSync(pg.dir, { recursive: true, force: true });
}
