'use strict';
// Reference Teams bot for the as-shipped benchmark: what a team would write with botbuilder-js instead of
// Crm.Bot. CloudAdapter with full JWT validation of every incoming activity (OpenID metadata and JWKS from
// the fake login.botframework.com: signature, issuer, audience, lifetime, endorsements, serviceurl), and
// each answer sent through the Bot Connector (the fake), which needs a client-credentials token from the
// fake Entra token endpoint. `@CRM show <name>` answers with an Adaptive Card from an in-memory map.
//   MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD, MICROSOFT_APP_TENANT_ID
//   OPENID_METADATA_URL   the fake's OpenID metadata document
//   TOKEN_AUTHORITY       the fake Entra endpoint's base (client credentials at {base}/{tenant}/oauth2/v2.0/token)
//   CUSTOMERS_CSV         the file `export customers` wrote
//   PORT                  listening port on 127.0.0.1 (default 3978)
const http = require('node:http');
const {
  ActivityHandler, CardFactory, CloudAdapter, ConfigurationBotFrameworkAuthentication, MessageFactory, TurnContext,
} = require('botbuilder');
const { AppCredentials, PasswordServiceClientCredentialFactory } = require('botframework-connector');
const { loadCustomers } = require('../customers');

const env = process.env;
const { count, byKey } = loadCustomers(env.CUSTOMERS_CSV);

/**
 * Client-credentials grant against the fake Entra endpoint. The stock MicrosoftAppCredentials goes through
 * MSAL, which refuses any authority that is not https; the fake listens on http loopback. Token caching is
 * AppCredentials' own (one token per app id and scope until five minutes before it expires).
 */
class LoopbackAppCredentials extends AppCredentials {
  constructor(appId, password, tenant, scope, authority) {
    super(appId, tenant, scope);
    this.password = password;
    this.tokenUrl = `${authority}/${tenant}/oauth2/v2.0/token`;
  }

  async refreshToken() {
    const scope = this.oAuthScope.endsWith('/.default') ? this.oAuthScope : `${this.oAuthScope}/.default`;
    const response = await fetch(this.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: this.appId, client_secret: this.password, scope }),
    });
    if (!response.ok) throw new Error(`Token endpoint answered ${response.status}`);
    const token = await response.json();
    return { accessToken: token.access_token, expiresOn: new Date(Date.now() + token.expires_in * 1000) };
  }
}

class LoopbackCredentialFactory extends PasswordServiceClientCredentialFactory {
  async createCredentials(appId, audience) {
    if (appId !== this.appId) throw new Error('Invalid appId.');
    return new LoopbackAppCredentials(appId, this.password, this.tenantId, audience, env.TOKEN_AUTHORITY);
  }
}

const auth = new ConfigurationBotFrameworkAuthentication(
  {
    MicrosoftAppId: env.MICROSOFT_APP_ID,
    MicrosoftAppPassword: env.MICROSOFT_APP_PASSWORD,
    MicrosoftAppTenantId: env.MICROSOFT_APP_TENANT_ID,
    MicrosoftAppType: 'SingleTenant',
    ToBotFromChannelOpenIdMetadataUrl: env.OPENID_METADATA_URL,
    // Set together with the metadata URL (the factory then takes every value from here); the public cloud's issuer.
    ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
  },
  new LoopbackCredentialFactory(env.MICROSOFT_APP_ID, env.MICROSOFT_APP_PASSWORD, env.MICROSOFT_APP_TENANT_ID),
);
const adapter = new CloudAdapter(auth);
let failures = 0;
adapter.onTurnError = async (context, error) => {
  if (failures++ < 5) console.error(`Turn failed: ${error.message}`);
  await context.sendActivity('Something went wrong.');
};

function card(c) {
  const fact = (title, value) => ({ title, value: value || '—' });
  return CardFactory.adaptiveCard({
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      { type: 'TextBlock', size: 'Large', weight: 'Bolder', text: `${c.name} (${c.id})`, wrap: true },
      {
        type: 'FactSet',
        facts: [
          fact('Domain', c.domain), fact('Industry', c.industry), fact('Segment', c.segment), fact('Region', c.region),
          fact('Owner', c.owner), fact('Lifecycle', c.lifecycle), fact('Health', c.health),
          fact('ARR', c.arr ? `${c.arr} ${c.currency}` : ''),
        ],
      },
      { type: 'TextBlock', text: `Contact: ${c.contact_name || '—'} · ${c.contact_title || ''} ${c.contact_email || ''}`, wrap: true },
    ],
  });
}

class CrmBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      const text = TurnContext.removeRecipientMention(context.activity).trim().replace(/^show\s+/i, '');
      const customer = byKey.get(text.toLowerCase());
      await context.sendActivity(customer
        ? MessageFactory.attachment(card(customer))
        : MessageFactory.text(`No customer matches "${text}".`));
      await next();
    });
  }
}
const bot = new CrmBot();

// Plain node:http with the four response methods CloudAdapter calls (what restify/express provide in the
// samples): the web framework is not what is measured, and none would be cheaper than this.
function asAdapterResponse(res) {
  res.status = (code) => { res.statusCode = code; };
  res.header = (name, value) => res.setHeader(name, value);
  res.send = (body) => {
    if (typeof body === 'string') res.write(body);
    else { res.setHeader('content-type', 'application/json'); res.write(JSON.stringify(body)); }
  };
  return res;
}

const server = http.createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/api/messages') {
    res.statusCode = 404;
    res.end();
    return;
  }
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    try {
      req.body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      res.statusCode = 400;
      res.end();
      return;
    }
    adapter.process(req, asAdapterResponse(res), (context) => bot.run(context)).catch((error) => {
      if (failures++ < 5) console.error(`Request failed: ${error.message}`);
      if (!res.headersSent) { res.statusCode = 500; res.end(); }
    });
  });
});
const port = Number(env.PORT || 3978);
server.listen(port, '127.0.0.1', () => console.log(`botbuilder reference bot on http://127.0.0.1:${port}/api/messages (${count} customers)`));
