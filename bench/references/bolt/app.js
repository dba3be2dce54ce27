'use strict';
// Reference Slack app for the as-shipped benchmark: what a team would write with Bolt for JavaScript
// instead of Crm.Bot. HTTP (Express) receiver with signing-secret verification; `/crm <name>` (or
// `/crm show <name>`) answers with a Block Kit card of the customer, looked up in an in-memory map.
//   SLACK_SIGNING_SECRET  the signing secret (required)
//   CUSTOMERS_CSV         the file `export customers` wrote (required)
//   PORT                  listening port on 127.0.0.1 (default 3000)
const { App, ExpressReceiver, LogLevel } = require('@slack/bolt');
const { loadCustomers } = require('../customers');

const { count, byKey } = loadCustomers(process.env.CUSTOMERS_CSV);

const receiver = new ExpressReceiver({
  signingSecret: process.env.SLACK_SIGNING_SECRET,
  endpoints: '/slack/commands',
  logLevel: LogLevel.WARN,
});
const app = new App({
  receiver,
  token: 'xoxb-bench',
  // No auth.test call at start: the app never talks to Slack's Web API in this benchmark.
  tokenVerificationEnabled: false,
  botId: 'B0CRM',
  botUserId: 'U0CRM',
  logLevel: LogLevel.WARN,
});

function card(c) {
  const field = (label, value) => ({ type: 'mrkdwn', text: `*${label}*\n${value || '—'}` });
  return [
    { type: 'header', text: { type: 'plain_text', text: `${c.name} (${c.id})` } },
    {
      type: 'section',
      fields: [
        field('Domain', c.domain), field('Industry', c.industry), field('Segment', c.segment),
        field('Region', c.region), field('Owner', c.owner), field('Lifecycle', c.lifecycle),
        field('Health', c.health), field('ARR', c.arr ? `${c.arr} ${c.currency}` : ''),
      ],
    },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `*Contact*\n${c.contact_name || '—'} · ${c.contact_title || ''}\n${c.contact_email || ''} ${c.contact_phone || ''}` },
    },
    { type: 'context', elements: [{ type: 'mrkdwn', text: 'Only you can see this answer.' }] },
  ];
}

app.command('/crm', async ({ command, ack }) => {
  const query = command.text.trim().replace(/^show\s+/i, '');
  const customer = byKey.get(query.toLowerCase());
  if (!customer) {
    await ack({ response_type: 'ephemeral', text: `No customer matches "${query}".` });
    return;
  }
  await ack({ response_type: 'ephemeral', text: `${customer.name} (${customer.id})`, blocks: card(customer) });
});

const port = Number(process.env.PORT || 3000);
// The receiver's Express app, bound to loopback only (app.start would listen on every interface).
receiver.app.listen(port, '127.0.0.1', () => {
  console.log(`Bolt reference app on http://127.0.0.1:${port}/slack/commands (${count} customers)`);
});
