import { type Logger, pino } from 'pino';

export type { Logger };

/** JSON logs; message handlers log through `child({ correlationId, causationId, messageId })`. */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info', name = 'ftgo'): Logger {
  return pino({ name, level, base: { pid: process.pid } });
}
