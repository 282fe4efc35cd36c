import type { Pool, PoolClient } from 'pg';

/**
 * Runs `work` on one pooled connection between `begin` (e.g. `BEGIN`) and COMMIT, or ROLLBACK
 * when it throws.
 *
 * @returns what `work` returned
 */
export async function withTransaction<T>(pool: Pool, begin: string, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query('COMMIT');
    client.release();
    return result;
  } catch (err) {
    // A connection whose rollback failed is in an unknown state: discard it rather than pool it.
    const broken = await client.query('ROLLBACK').then(
      () => false,
      () => true,
    );
    client.release(broken);
    throw err;
  }
}
