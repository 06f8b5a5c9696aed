const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/** Fields every pino line has, or that the prefix already says. */
const OMITTED = new Set(['level', 'time', 'pid', 'hostname', 'name', 'msg', 'v']);

const plain = /^[^\s"=]+$/;

function show(value: unknown): string {
  if (typeof value === 'string') return plain.test(value) ? value : JSON.stringify(value);
  if (value && typeof value === 'object' && typeof (value as { message?: unknown }).message === 'string') {
    const error = value as { type?: string; message: string; stack?: string; code?: unknown };
    // The first frame says where; the whole stack is in the JSON (run with --json to see it).
    const where = error.stack
      ?.split('\n')
      .find((line) => line.trimStart().startsWith('at '))
      ?.trim();
    const code = typeof error.code === 'string' ? ` [${error.code}]` : '';
    return JSON.stringify(`${error.type ?? 'Error'}${code}: ${error.message}${where ? ` (${where})` : ''}`);
  }
  return JSON.stringify(value);
}

/**
 * One line of a child's output for a person: a pino JSON record becomes
 * `12:03:04.567 INFO  message key=value …` (at most `maxExtras` characters of fields); any other
 * line is left as it is.
 */
export function formatLogLine(line: string, maxExtras = 300): string {
  if (!line.startsWith('{')) return line;
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line);
  } catch {
    return line;
  }
  if (!record || typeof record !== 'object' || typeof record.level !== 'number') return line;
  const time = typeof record.time === 'number' ? new Date(record.time).toISOString().slice(11, 23) : undefined;
  const level = (LEVELS[record.level] ?? `L${record.level}`).padEnd(5);
  const fields = Object.entries(record)
    .filter(([key, value]) => !OMITTED.has(key) && value !== undefined)
    .map(([key, value]) => `${key}=${show(value)}`)
    .join(' ');
  const extras = fields.length > maxExtras ? `${fields.slice(0, maxExtras - 1)}…` : fields;
  const message = typeof record.msg === 'string' ? record.msg.replace(/\s*\n\s*/g, ' ') : undefined;
  return [time, level, message, extras].filter((part) => part).join(' ');
}
