// The console's JSON API. Errors come back as problem details: their detail says what to fix.
async function call(method, url, body) {
  const response = await fetch(url, {
    method,
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const text = data?.detail ? `${data.title ?? 'Error'} ${data.detail}` : data?.title ?? `The host answered ${response.status}.`;
    throw new Error(text);
  }
  return data;
}

export const api = {
  directory: () => call('GET', '/console/api/directory'),
  send: (actor, text) => call('POST', '/console/api/send', { ...actor, text }),
  click: (actor, button, answers) => call('POST', '/console/api/click', { ...actor, button, answers }),
  timeline: actor => call('GET', `/console/api/timeline?${new URLSearchParams({ user: actor.user, platform: actor.platform, channel: actor.channel ?? '' })}`),
};
