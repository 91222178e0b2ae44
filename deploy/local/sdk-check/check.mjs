// Drives the RUNNING Switchboard gateway with the official OpenRouter TypeScript SDK (@openrouter/sdk, pinned),
// which validates every response strictly with zod: if a check passes, real users' SDK accepts our responses.
// Environment: SWITCHBOARD_URL (default http://localhost:8080/api/v1), SWITCHBOARD_KEY (required).
// Prints one line per check; exits non-zero on the first failure, with the SDK's error (for a validation error:
// the zod issues and the raw response body). Run through deploy/local/sdk-check.sh.
import { readFileSync } from "node:fs";
import { HTTPClient, OpenRouter } from "@openrouter/sdk";
import {
  NotFoundResponseError,
  OpenRouterError,
  ResponseValidationError,
  SDKValidationError,
  UnauthorizedResponseError,
} from "@openrouter/sdk/models/errors";

const serverURL = process.env.SWITCHBOARD_URL || "http://localhost:8080/api/v1";
const apiKey = process.env.SWITCHBOARD_KEY;
if (!apiKey) {
  console.error("SWITCHBOARD_KEY is not set (deploy/local/dev-key.sh prints one)");
  process.exit(2);
}

// Remember the last response's raw body: a stream chunk that fails validation surfaces as a bare ZodError,
// which carries neither the body nor the status.
let last = null;
function client(key) {
  const httpClient = new HTTPClient();
  httpClient.addHook("response", (res, req) => {
    last = {
      request: `${req.method} ${req.url}`,
      status: res.status,
      contentType: res.headers.get("content-type"),
      body: res.clone().text().catch((e) => `<body unreadable: ${e}>`),
    };
  });
  return new OpenRouter({ serverURL, apiKey: key, retryConfig: { strategy: "none" }, timeoutMs: 30_000, httpClient });
}
const sdk = client(apiKey);

class CheckFailed extends Error {}
const expect = (condition, message) => {
  if (!condition) throw new CheckFailed(message);
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function describe(err) {
  const lines = [];
  if (err instanceof CheckFailed) {
    lines.push(err.message);
  } else if (err instanceof ResponseValidationError || err instanceof SDKValidationError) {
    // ResponseValidationError: the response did not match the SDK's schema (an SDKValidationError without a
    // status is the SDK rejecting our REQUEST before sending it: a bug in this script, not in the gateway)
    lines.push(`${err.name}: ${err.rawMessage ?? err.message}`);
    if (err.statusCode !== undefined) lines.push(`HTTP ${err.statusCode} ${err.contentType ?? ""}`.trim());
    if (err.cause?.issues) lines.push("zod issues:", JSON.stringify(err.cause.issues, null, 2));
    else lines.push(typeof err.pretty === "function" ? err.pretty() : String(err));
    lines.push("raw body:", err.body ?? JSON.stringify(err.rawValue, null, 2));
  } else if (err?.name === "ZodError" || Array.isArray(err?.issues)) {
    lines.push("ZodError (raw, as thrown while iterating a stream):", JSON.stringify(err.issues, null, 2));
    if (last) lines.push(`last response: ${last.request} -> HTTP ${last.status} ${last.contentType}`, "raw body:", await last.body);
  } else if (err instanceof OpenRouterError) {
    lines.push(`${err.name} (HTTP ${err.statusCode}, ${err.contentType}): ${err.message}`, "raw body:", err.body);
  } else {
    lines.push(String(err?.stack ?? err));
    if (err?.cause) lines.push(`cause: ${err.cause?.stack ?? err.cause}`);
  }
  return lines.join("\n");
}

let number = 0;
async function check(name, fn) {
  number += 1;
  try {
    const detail = await fn();
    console.log(`ok   ${number} ${name}${detail ? `: ${detail}` : ""}`);
  } catch (err) {
    console.log(`FAIL ${number} ${name}`);
    console.log(await describe(err));
    process.exit(1);
  }
}

// Expect `call` to throw the SDK error class `type` with HTTP `status`; returns the error.
async function expectError(call, type, status) {
  let result;
  try {
    result = await call();
  } catch (err) {
    if (err instanceof type && err.statusCode === status) return err;
    throw new CheckFailed(`expected ${type.name} (HTTP ${status}), got:\n${await describe(err)}`);
  }
  throw new CheckFailed(`expected ${type.name} (HTTP ${status}), but the call succeeded: ${JSON.stringify(result)}`);
}

const say = [{ role: "user", content: "Say hello to me" }];
let generationId;

await check("chat.send switchboard/echo", async () => {
  const res = await sdk.chat.send({ chatRequest: { model: "switchboard/echo", messages: say } });
  expect(typeof res?.[Symbol.asyncIterator] !== "function", "got an EventStream for a non-streaming request");
  const content = res.choices[0]?.message?.content;
  expect(content === "Hello from echo. w1 w2 w3 w4 w5", `content is ${JSON.stringify(content)}`);
  expect(res.usage?.totalTokens === 13, `usage.totalTokens is ${res.usage?.totalTokens}, expected 13`);
  expect(typeof res.usage?.cost === "number", `usage.cost is ${JSON.stringify(res.usage?.cost)}, expected a number`);
  generationId = res.id;
  return `id ${res.id}, "${content}", totalTokens ${res.usage.totalTokens}, cost ${res.usage.cost}`;
});

await check("chat.send stream switchboard/echo-anthropic", async () => {
  const stream = await sdk.chat.send({ chatRequest: { model: "switchboard/echo-anthropic", messages: say, stream: true } });
  expect(typeof stream?.[Symbol.asyncIterator] === "function",
    `expected an EventStream, got a ${last?.contentType} response parsed as ${JSON.stringify(stream)}`);
  let content = "";
  let chunks = 0;
  let usage;
  for await (const chunk of stream) {
    chunks += 1;
    expect(!chunk.error, `chunk carries an error: ${JSON.stringify(chunk.error)}`);
    for (const choice of chunk.choices) content += choice.delta?.content ?? "";
    if (chunk.usage) usage = chunk.usage;
  }
  expect(content === "Hello from echo-anthropic. w1 w2 w3 w4 w5", `joined content is ${JSON.stringify(content)}`);
  expect(usage, `no chunk carried usage (${chunks} chunks)`);
  expect(typeof usage.cost === "number", `usage.cost is ${JSON.stringify(usage.cost)}, expected a number`);
  return `${chunks} chunks, "${content}", totalTokens ${usage.totalTokens}, cost ${usage.cost}`;
});

await check("chat.send tools switchboard/echo-gemini", async () => {
  const tools = [{
    type: "function",
    function: {
      name: "get_weather",
      description: "Current weather in a city",
      parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
    },
  }];
  const res = await sdk.chat.send({
    chatRequest: { model: "switchboard/echo-gemini", messages: [{ role: "user", content: "What is the weather in Paris?" }], tools },
  });
  const call = res.choices[0]?.message?.toolCalls?.[0];
  expect(call?.function?.name === "get_weather", `no get_weather tool call; message: ${JSON.stringify(res.choices[0]?.message)}`);
  return `tool call ${call.id} get_weather(${call.function.arguments}), finish_reason ${res.choices[0].finishReason}`;
});

await check("models.list / endpoints.list / providers.list", async () => {
  const models = await sdk.models.list();
  const ids = models.result.data.map((m) => m.id);
  expect(ids.includes("switchboard/echo"), `switchboard/echo not among ${JSON.stringify(ids)}`);
  const endpoints = await sdk.endpoints.list({ author: "switchboard", slug: "echo" });
  expect(endpoints.data.endpoints.length > 0, "switchboard/echo has no endpoints");
  const providers = await sdk.providers.list();
  return `${ids.length} models (total_count ${models.result.totalCount}), ${endpoints.data.endpoints.length} endpoint(s) for `
    + `switchboard/echo (${endpoints.data.endpoints.map((e) => e.providerName).join(", ")}), ${providers.data.length} providers`;
});

await check("generations.getGeneration", async () => {
  // the generation is recorded asynchronously: allow ~1 s for it to appear
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await sdk.generations.getGeneration({ id: generationId });
      expect(res.data.id === generationId, `data.id is ${res.data.id}, expected ${generationId}`);
      return `${res.data.id}: model ${res.data.model}, total_cost ${res.data.totalCost}, tokens ${res.data.tokensPrompt}+`
        + `${res.data.tokensCompletion}, provider ${res.data.providerName} (attempt ${attempt})`;
    } catch (err) {
      if (!(err instanceof NotFoundResponseError) || attempt >= 4) throw err;
      await sleep(330);
    }
  }
});

await check("apiKeys.getCurrentKeyMetadata / credits.getCredits", async () => {
  const key = await sdk.apiKeys.getCurrentKeyMetadata();
  const credits = await sdk.credits.getCredits();
  return `key "${key.data.label}" usage ${key.data.usage} limit ${key.data.limit}; `
    + `credits total ${credits.data.totalCredits} used ${credits.data.totalUsage}`;
});

await check("embeddings.generate switchboard/echo-embed", async () => {
  const res = await sdk.embeddings.generate({ requestBody: { model: "switchboard/echo-embed", input: ["hello"] } });
  expect(typeof res === "object", `got a raw string instead of JSON (${last?.contentType}): ${String(res).slice(0, 200)}`);
  const embedding = res.data[0]?.embedding;
  expect(Array.isArray(embedding) && embedding.length > 0, `data[0].embedding is ${JSON.stringify(embedding)}`);
  return `${res.data.length} embedding(s) of ${embedding.length} dimensions, usage ${JSON.stringify(res.usage)}`;
});

await check("errors: unknown model -> NotFound, bad key -> Unauthorized", async () => {
  const notFound = await expectError(
    () => sdk.chat.send({ chatRequest: { model: "nobody/nothing", messages: say } }), NotFoundResponseError, 404);
  expect(notFound.message && !notFound.message.startsWith("API error occurred"), `message is ${JSON.stringify(notFound.message)}`);
  const unauthorized = await expectError(
    () => client("sk-sb-v1-not-a-real-key").chat.send({ chatRequest: { model: "switchboard/echo", messages: say } }),
    UnauthorizedResponseError, 401);
  expect(unauthorized.message, "401 without a message");
  return `404 "${notFound.message}"; 401 "${unauthorized.message}"`;
});

// The key API, with a management key of an organization of its own (deploy/local/dev-key.sh NAME USD management):
// create, list, get, update, delete; the key it creates serves a chat completion, and stops within a second once
// disabled; an inference key cannot manage keys.
// Milliseconds until `key` is refused (401) at the gateway; fails past `limit`.
async function stopsWithin(key, limit) {
  const from = Date.now();
  for (;;) {
    try {
      await client(key).chat.send({ chatRequest: { model: "switchboard/echo", messages: say } });
    } catch (err) {
      if (err instanceof UnauthorizedResponseError) return Date.now() - from;
      throw err;
    }
    expect(Date.now() - from < limit, `the key still works ${limit} ms after it was stopped`);
    await sleep(50);
  }
}

const managementKey = process.env.SWITCHBOARD_MANAGEMENT_KEY;
let managedKeyHash; // a key the key API check created (and used for a chat) in the management key's organization
if (managementKey) {
  await check("apiKeys.create / list / get / update / delete (management key)", async () => {
    const admin = client(managementKey);
    const created = await admin.apiKeys.create({ requestBody: { name: "sdk-check key", limit: 0.5, limitReset: "daily" } });
    expect(created.key?.startsWith("sk-sb-v1-"), `create returned key ${JSON.stringify(created.key)}`);
    const hash = created.data.hash;
    managedKeyHash = hash;
    expect(created.data.name === "sdk-check key" && created.data.limit === 0.5, `created ${JSON.stringify(created.data)}`);
    const answer = await client(created.key).chat.send({ chatRequest: { model: "switchboard/echo", messages: say } });
    expect(answer.choices[0]?.message?.content, "the new key got no answer");
    const listed = await admin.apiKeys.list({});
    expect(listed.data.some((k) => k.hash === hash), `list has no key ${hash}`);
    const got = await admin.apiKeys.get({ hash });
    expect(got.data.hash === hash, `get returned ${JSON.stringify(got.data)}`);
    const updated = await admin.apiKeys.update({ hash, requestBody: { name: "sdk-check renamed", disabled: true } });
    expect(updated.data.name === "sdk-check renamed" && updated.data.disabled === true, `update returned ${JSON.stringify(updated.data)}`);
    const stoppedAfter = await stopsWithin(created.key, 1000);
    const deleted = await admin.apiKeys.delete({ hash });
    expect(deleted.deleted === true, `delete returned ${JSON.stringify(deleted)}`);
    await expectError(() => admin.apiKeys.get({ hash }), NotFoundResponseError, 404);
    // a deleted key, and a key past its expiry, stop at the gateway within a second too
    const doomed = await admin.apiKeys.create({ requestBody: { name: "sdk-check deleted" } });
    await client(doomed.key).chat.send({ chatRequest: { model: "switchboard/echo", messages: say } });
    await admin.apiKeys.delete({ hash: doomed.data.hash });
    const deletedAfter = await stopsWithin(doomed.key, 1000);
    const expiry = new Date(Math.ceil((Date.now() + 3000) / 1000) * 1000); // whole seconds, 2 to 3 s ahead
    const expiring = await admin.apiKeys.create({ requestBody: { name: "sdk-check expiring", expiresAt: expiry } });
    await client(expiring.key).chat.send({ chatRequest: { model: "switchboard/echo", messages: say } });
    await sleep(Math.max(0, expiry.getTime() - Date.now()));
    const expiredAfter = await stopsWithin(expiring.key, 1000);
    const refused = await expectError(() => sdk.apiKeys.list({}), OpenRouterError, 403);
    return `created ${created.data.label}, answered a chat, listed, read, renamed and disabled (401 after ${stoppedAfter} ms), deleted; ` +
      `a deleted key 401 after ${deletedAfter} ms, an expired one ${expiredAfter} ms after its expiry; ` +
      `an inference key gets 403 "${refused.message ?? refused.body}"`;
  });
}

// The activity API (served by billing-service, forwarded by the gateway) with the same management key: the chats the
// key API check made with its keys are there, today (UTC), with non-zero usage; an inference key gets 403.
if (managementKey) {
  await check("analytics.getUserActivity (management key)", async () => {
    const admin = client(managementKey);
    // the chats were made a moment ago: today in UTC, or yesterday if midnight UTC has just passed
    const day = (offset) => new Date(Date.now() - offset * 86_400_000).toISOString().slice(0, 10);
    const rows = [];
    for (const date of [day(0), day(1)]) {
      // the generations are recorded asynchronously: allow ~1 s for them to be rolled up
      for (let attempt = 1; ; attempt++) {
        const res = await admin.analytics.getUserActivity({ date });
        expect(Array.isArray(res.data), `data is ${JSON.stringify(res.data)}`);
        if (res.data.length > 0 || attempt >= 4 || date !== day(0)) {
          rows.push(...res.data);
          break;
        }
        await sleep(330);
      }
    }
    const echo = rows.filter((row) => row.model === "switchboard/echo");
    expect(echo.length > 0, `no switchboard/echo row today or yesterday: ${JSON.stringify(rows)}`);
    const requests = echo.reduce((sum, row) => sum + row.requests, 0);
    const usage = echo.reduce((sum, row) => sum + row.usage, 0);
    expect(requests >= 3, `${requests} switchboard/echo requests, expected at least the key API check's 3 chats`);
    expect(echo.every((row) => row.usage > 0 && row.promptTokens > 0 && row.completionTokens > 0 && row.byokUsageInference === 0),
      `a row without usage or tokens: ${JSON.stringify(echo)}`);
    const ofKey = await admin.analytics.getUserActivity({ date: echo[0].date, apiKeyHash: managedKeyHash });
    expect(ofKey.data.some((row) => row.model === "switchboard/echo" && row.requests >= 1),
      `nothing for the key ${managedKeyHash}: ${JSON.stringify(ofKey.data)}`);
    const byWorkspace = await admin.analytics.getUserActivity({ date: echo[0].date, groupBy: "workspace" });
    expect(byWorkspace.data.every((row) => typeof row.workspaceId === "string"), `group_by=workspace: ${JSON.stringify(byWorkspace.data)}`);
    const refused = await expectError(() => sdk.analytics.getUserActivity({}), OpenRouterError, 403);
    return `${echo.length} switchboard/echo row(s) on ${echo.map((row) => row.date).join(", ")}: ${requests} requests, usage ${usage}, `
      + `endpoint ${echo[0].endpointId} (${echo[0].providerName}); the created key's rows by api_key_hash; `
      + `an inference key gets 403 "${refused.message ?? refused.body}"`;
  });
}

const sdkVersion = JSON.parse(readFileSync(new URL("./node_modules/@openrouter/sdk/package.json", import.meta.url))).version;
console.log(`all ${number} checks passed against ${serverURL} with @openrouter/sdk ${sdkVersion}`);
