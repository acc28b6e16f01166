// imwsi wsse: a fresh WS-Security UsernameToken header (PasswordDigest, new nonce, current Created), so raw
// SOAP with curl is easy to try (README "With curl").
import { usernameTokenHeader } from '../../platform/auth/username-token-header.js';
import { type Command, UsageError, stringOption } from './command.js';
import { passwordFrom } from './read-password.js';

export const wsseCommand: Command = {
  name: 'wsse',
  summary: 'print a fresh WS-Security header for raw SOAP (curl)',
  settings: false,
  options: {
    user: { type: 'string', value: 'ADDRESS', help: 'the account (required)' },
    password: { type: 'string', value: 'P', help: 'its password; else the first line of standard input' },
  },
  details: ['Example: HEADER=$(imwsi wsse --user alice@example.com --password alice-password)'],
  async run(input) {
    const user = stringOption(input, 'user');
    if (user === undefined) throw new UsageError('--user is required', 'imwsi wsse');
    const password = await passwordFrom(stringOption(input, 'password'), 'imwsi wsse');
    process.stdout.write(usernameTokenHeader({ user, password }) + '\n');
  },
};
