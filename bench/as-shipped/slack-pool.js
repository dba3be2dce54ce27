'use strict';
// Signs a pool of Slack slash commands for wrk, which has no HMAC in its Lua. Every request is unique
// (its own trigger_id) and signed as Slack signs: v0=HMAC-SHA256(secret, "v0:{ts}:{body}"). The pool is
// made just before each load run with ts = now; a run lasts far less than the ±300 s Slack (and Bolt, and
// Crm.Bot) allow, so every timestamp is fresh when it is sent. One file per wrk thread: <prefix>.<thread>,
// lines "ts<TAB>signature<TAB>body".
//   node slack-pool.js <secret> <names file> <requests> <threads> <prefix> <response_url> <label>
const crypto = require('node:crypto');
const fs = require('node:fs');

const [secret, namesFile, requests, threads, prefix, responseUrl, label] = process.argv.slice(2);
const names = fs.readFileSync(namesFile, 'utf8').split('\n').filter((n) => n.length > 0);
const users = ['U0AVA', 'U0MAX', 'U0SAM', 'U0ROOT'];
const ts = Math.floor(Date.now() / 1000).toString();
const perThread = Math.ceil(Number(requests) / Number(threads));
const enc = encodeURIComponent;
for (let t = 0; t < Number(threads); t++) {
  const lines = new Array(perThread);
  for (let i = 0; i < perThread; i++) {
    const name = names[(Math.random() * names.length) | 0];
    const user = users[i % users.length];
    const body = `token=bench&team_id=T0DEMO&team_domain=demo&channel_id=C0SALES&channel_name=sales&user_id=${user}`
      + `&user_name=bench&command=%2Fcrm&text=${enc(`show ${name}`).replace(/%20/g, '+')}&api_app_id=A0CRM&is_enterprise_install=false`
      + `&response_url=${enc(responseUrl)}&trigger_id=${label}.${t}.${i}.${crypto.randomBytes(6).toString('hex')}`;
    const signature = 'v0=' + crypto.createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex');
    lines[i] = `${ts}\t${signature}\t${body}`;
  }
  fs.writeFileSync(`${prefix}.${t}`, lines.join('\n') + '\n');
}
