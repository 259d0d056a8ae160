import { Logger } from '@nestjs/common';
import type { AppConfig } from '@spendguard/server-core';
import { JobQueue } from './job-queue.service';

describe('JobQueue errors', () => {
  const config = { databaseUrl: 'postgres://app:secret@127.0.0.1:1/none', runWorker: false, queueMaintenanceSeconds: 120 } as AppConfig;
  const databaseError = (code: string, message: string) => Object.assign(new Error(message), { code });

  afterEach(() => jest.restoreAllMocks());

  it('reports a database that is stopping or failing over as one warning line', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const queue = new JobQueue(config);
    queue.boss.emit('error', databaseError('57P01', 'terminating connection due to administrator command'));
    queue.boss.emit('error', databaseError('57P03', 'the database system is starting up'));
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls[0][0]).toBe('Job queue: the database closed a connection (terminating connection due to administrator command)');
    expect(error).not.toHaveBeenCalled();
  });

  it('logs any other queue error as an error, with the error itself', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const queue = new JobQueue(config);
    const failure = databaseError('42P01', 'relation "job" does not exist');
    queue.boss.emit('error', failure);
    expect(error).toHaveBeenCalledWith({ err: failure }, 'Job queue error');
    expect(warn).not.toHaveBeenCalled();
  });
});
