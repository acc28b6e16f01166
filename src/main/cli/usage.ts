// imwsi usage export | show | set: usage records for the billing system (PP2-6, docs/operations.md "Usage
// records") and what accounts pay (PP2-7 prepaid and postpaid, GO-3 subscriber identity), through the
// accounting module's usage service.
import { once } from 'node:events';
import { localOperator } from '../../kernel/require-role.js';
import {
  type ChargingTerms,
  formatUsage,
  type TermsChange,
  usageCsvHeader,
  type UsageFormat,
  usageFormats,
} from '../../modules/accounting/index.js';
import { type Command, type CommandGroup, UsageError, stringOption } from './command.js';
import { timeOption, wholeNumber } from './value-options.js';
import { progressBar } from './progress-bar.js';
import { withBackend } from './with-backend.js';

const exportHelp = 'imwsi usage export';

const exportCommand: Command = {
  name: 'export',
  summary: 'stream usage records as CSV or JSON Lines to standard output, resumable by record id',
  options: {
    since: { type: 'string', value: 'TIME', help: 'records at or after this date or UTC time' },
    until: { type: 'string', value: 'TIME', help: 'records before this date or UTC time' },
    format: { type: 'string', value: 'FMT', help: 'csv (default) or jsonl' },
    'after-id': { type: 'string', value: 'ID', help: 'only records after this record id: the last one you read' },
  },
  details: [
    'Example: imwsi usage export --since 2026-11-30 --until 2026-12-01 --format csv > usage-2026-11-30.csv',
    'A progress bar goes to standard error. Resume an interrupted feed with --after-id <last recordId read>:',
    'records are numbered in commit order, so nothing is missed or read twice.',
  ],
  async run(input) {
    const format = (stringOption(input, 'format') ?? 'csv') as UsageFormat;
    if (!usageFormats.includes(format)) throw new UsageError(`--format must be one of ${usageFormats.join(', ')}`, exportHelp);
    const query = {
      since: timeOption(input, 'since', exportHelp),
      until: timeOption(input, 'until', exportHelp),
      afterId: wholeNumber(input, 'after-id', exportHelp) ?? 0,
    };
    await withBackend(input.config(), async (backend) => {
      const { total, records } = await backend.modules.service('admin').streamUsage(localOperator, query);
      const bar = progressBar(total, 'exporting');
      const out = process.stdout;
      // A reader that stops early (`| head`) closes the pipe: the export stops there, quietly.
      out.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EPIPE') throw error;
      });
      let done = 0;
      if (format === 'csv') out.write(usageCsvHeader());
      for await (const record of records) {
        // Streaming: wait for the pipe to drain rather than hold the export in memory.
        if (!out.write(formatUsage(record, format))) await Promise.race([once(out, 'drain'), once(out, 'close')]);
        if (out.destroyed) return;
        if (++done % 500 === 0) bar.update(done);
      }
      bar.update(done);
      bar.done();
    });
  },
};

const termsLine = (t: ChargingTerms & { address: string }): string =>
  `${t.address}: ${t.payment}, balance ${t.balance}, tariff ${t.perMessage}/message + ${t.perRecipient}/recipient + ${t.perKilobyte}/KB` +
  `, subscriber id ${t.subscriberId ?? '- (records carry its E.164 number, if any)'}\n`;

const show: Command = {
  name: 'show',
  summary: "an account's payment model, balance, tariff and subscriber id",
  args: ['<user@domain>'],
  async run(input) {
    const [address] = input.args as [string];
    const terms = await withBackend(input.config(), (backend) => backend.modules.service('usage').terms(localOperator, address));
    process.stdout.write(termsLine(terms));
  },
};

const setHelp = 'imwsi usage set';

const set: Command = {
  name: 'set',
  summary: "set an account's payment model, tariff, balance or subscriber id (PP2-7, GO-3)",
  args: ['<user@domain>'],
  options: {
    payment: { type: 'string', value: 'MODEL', help: 'prepaid or postpaid' },
    'per-message': { type: 'string', value: 'N', help: 'price of each message stored, in minor units' },
    'per-recipient': { type: 'string', value: 'N', help: 'price of each recipient that takes it' },
    'per-kilobyte': { type: 'string', value: 'N', help: 'price of each started kilobyte of content' },
    balance: { type: 'string', value: 'N', help: 'set the prepaid balance' },
    'top-up': { type: 'string', value: 'N', help: 'add to the prepaid balance (negative takes off)' },
    'subscriber-id': { type: 'string', value: 'ID', help: "the billing system's id of the subscriber; '' clears it" },
  },
  details: ['Example: imwsi usage set alice@example.com --payment prepaid --per-message 2 --per-recipient 1 --balance 100'],
  async run(input) {
    const [address] = input.args as [string];
    const payment = stringOption(input, 'payment');
    if (payment !== undefined && payment !== 'prepaid' && payment !== 'postpaid')
      throw new UsageError('--payment must be prepaid or postpaid', setHelp);
    const subscriberId = stringOption(input, 'subscriber-id');
    const change: TermsChange = {
      payment,
      perMessage: wholeNumber(input, 'per-message', setHelp),
      perRecipient: wholeNumber(input, 'per-recipient', setHelp),
      perKilobyte: wholeNumber(input, 'per-kilobyte', setHelp),
      balance: wholeNumber(input, 'balance', setHelp),
      topUp: wholeNumber(input, 'top-up', setHelp, true),
      subscriberId: subscriberId === '' ? null : subscriberId,
    };
    const terms = await withBackend(input.config(), (backend) =>
      backend.modules.service('admin').setCharging(localOperator, address, change),
    );
    process.stdout.write(termsLine(terms));
  },
};

export const usageCommands: CommandGroup = {
  name: 'usage',
  summary: 'usage records for billing, and what accounts pay (prepaid, postpaid)',
  commands: [exportCommand, show, set],
};
