import { Writable } from 'node:stream';
import { loadConfig, loggerOptions, requestLogLevel } from '@careline/shared/server';
import pino from 'pino';

/** What the terminal shows: pretty lines for a person, JSON for a pipe, request lines at debug in the embedded mode. */
describe('loggerOptions', () => {
  it('prettifies through pino-pretty when stdout is a terminal', () => {
    const options = loggerOptions({ level: 'info', service: 'careline-api', isTTY: true, underTest: false });
    expect(options.transport).toMatchObject({ target: 'pino-pretty' });
    expect(options).toMatchObject({ level: 'info', base: { service: 'careline-api' } });
  });

  it('writes one JSON object per line when stdout is a file or a pipe, and under jest', () => {
    for (const choice of [
      { isTTY: false, underTest: false },
      { isTTY: true, underTest: true },
    ]) {
      const options = loggerOptions({ level: 'warn', service: 'careline-workers', ...choice });
      expect(options.transport).toBeUndefined();
      const lines: string[] = [];
      const sink = new Writable({
        write(chunk, _encoding, callback) {
          lines.push(String(chunk));
          callback();
        },
      });
      const logger = pino(options, sink);
      logger.info('not shown');
      logger.warn('shown');
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0])).toMatchObject({ msg: 'shown', service: 'careline-workers', level: 40 });
    }
  });
});

describe('requestLogLevel', () => {
  it('is debug in the embedded mode (no DATABASE_URL) and info with a database server', () => {
    expect(requestLogLevel(loadConfig({}))).toBe('debug');
    expect(requestLogLevel(loadConfig({ DATABASE_URL: 'postgres://127.0.0.1/careline' }))).toBe('info');
  });
});
