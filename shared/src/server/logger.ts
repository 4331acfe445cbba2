import pino, { type Level, type Logger, type LoggerOptions } from 'pino';

export interface LoggerChoice {
  level: string;
  /** `careline-api` or `careline-workers`, on every line. */
  service: string;
  /** Whether stdout is a terminal a person reads (`process.stdout.isTTY`). */
  isTTY: boolean;
  /** Under jest no worker-thread transport is started: tests read JSON lines. */
  underTest: boolean;
}

/**
 * Readable lines on a terminal (pino-pretty as a transport), one JSON object per line otherwise (a file, a pipe, a log
 * collector), so `npm start` in a shell shows the banner and warnings in plain words and a deployment keeps JSON.
 */
export function loggerOptions(choice: LoggerChoice): LoggerOptions {
  const options: LoggerOptions = { level: choice.level, base: { service: choice.service } };
  if (!choice.isTTY || choice.underTest) return options;
  return {
    ...options,
    transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,service' } },
  };
}

/** The process's logger, chosen from LOG_LEVEL and whether stdout is a terminal. */
export function createLogger(config: { logLevel: string }, service: string): Logger {
  return pino(loggerOptions({ level: config.logLevel, service, isTTY: Boolean(process.stdout.isTTY), underTest: process.env.JEST_WORKER_ID !== undefined }));
}

/**
 * The level of the one line written per request: debug in the embedded mode (no DATABASE_URL — a newcomer's `npm start`,
 * where the browser's requests would scroll the banner away), info on a deployment with a database server.
 */
export function requestLogLevel(config: { databaseUrl?: string }): Level {
  return config.databaseUrl ? 'info' : 'debug';
}
