import test from 'ava';
import { createLogger } from '../../src/platform/logger.js';

test('log lines are JSON and never carry a password', (t) => {
  const lines: string[] = [];
  const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
  logger.info({ address: 'alice@example.com', password: 'hunter22', usernameToken: { password: 'x' } }, 'account created');
  const entry = JSON.parse(lines[0]!);
  t.is(entry.msg, 'account created');
  t.is(entry.password, '[redacted]');
  t.is(entry.usernameToken, '[redacted]');
  t.false(lines[0]!.includes('hunter22'));
});
