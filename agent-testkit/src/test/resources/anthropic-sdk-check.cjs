// Drives FakeAnthropicServer with the official TypeScript SDK (@anthropic-ai/sdk) and prints one JSON
// object with what the SDK saw. Usage: node anthropic-sdk-check.cjs <sdk-dir> <base-url>
const path = require('path');
const { createRequire } = require('module');
const sdkRequire = createRequire(path.join(process.argv[2], 'index.js'));
const sdk = sdkRequire('@anthropic-ai/sdk');
const Anthropic = sdk.default || sdk.Anthropic || sdk;

async function attempt(fn) {
  try {
    return { ok: await fn() };
  } catch (e) {
    return { error: { name: e.constructor && e.constructor.name, message: String(e.message).slice(0, 300),
      status: e.status ?? null, requestID: e.requestID ?? null, body: e.error ?? null } };
  }
}

(async () => {
  const client = new Anthropic({ baseURL: process.argv[3], apiKey: 'sk-test', maxRetries: 0 });
  const ask = { model: 'claude-sonnet-4-6', max_tokens: 200, messages: [{ role: 'user', content: 'hi' }] };
  const out = {};
  out.create = await attempt(async () => {
    const m = await client.messages.create(ask);
    return { id: m.id, model: m.model, content: m.content, stop_reason: m.stop_reason, usage: m.usage };
  });
  out.stream = await attempt(async () => {
    const stream = client.messages.stream(ask);
    let text = '';
    stream.on('text', (t) => { text += t; });
    const m = await stream.finalMessage();
    return { text, content: m.content, stop_reason: m.stop_reason, usage: m.usage, id: m.id };
  });
  out.thinking = await attempt(async () => {
    const m = await client.messages.stream(ask).finalMessage();
    return { content: m.content };
  });
  out.malformed = await attempt(async () => {
    const m = await client.messages.stream(ask).finalMessage();
    return { content: m.content };
  });
  out.rateLimited = await attempt(() => client.messages.create(ask));
  out.models = await attempt(async () => {
    const page = await client.models.list({ limit: 2 });
    return { ids: page.data.map((m) => m.id), has_more: page.has_more };
  });
  out.model = await attempt(async () => (await client.models.retrieve('claude-haiku-4-5-20251001')).id);
  out.countTokens = await attempt(async () => (await client.messages.countTokens({ model: ask.model,
    messages: ask.messages })).input_tokens);
  process.stdout.write(JSON.stringify(out) + '\n');
})().catch((e) => { process.stderr.write(String(e && e.stack || e) + '\n'); process.exit(1); });
