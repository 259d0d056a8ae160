import type { JobWithMetadata } from 'pg-boss';
import { processBatch } from './analysis-worker.service';

const job = (id: string) => ({ id, data: { n: id }, retryCount: 0, retryLimit: 2 }) as unknown as JobWithMetadata<{ n: string }>;

describe('processBatch', () => {
  it('runs every job in order and fails only the job that threw', async () => {
    const seen: string[] = [];
    const failed: Array<[string, string, unknown]> = [];
    const result = await processBatch(
      'q',
      [job('a'), job('b'), job('c')],
      async (j) => {
        seen.push(j.id);
        if (j.id === 'b') throw new Error('boom');
      },
      { fail: async (name, id, data) => void failed.push([name, id, data]) },
    );
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(result.failed).toEqual(['b']);
    expect(failed).toHaveLength(1);
    expect(failed[0][0]).toBe('q');
    expect(failed[0][1]).toBe('b');
    expect(failed[0][2]).toMatchObject({ message: 'boom' });
  });

  it('fails nothing when every job succeeds', async () => {
    const fail = jest.fn();
    expect(await processBatch('q', [job('a'), job('b')], async () => undefined, { fail })).toEqual({ failed: [] });
    expect(fail).not.toHaveBeenCalled();
  });
});
