// Drives the RUNNING Switchboard gateway's POST /api/v1/messages (Anthropic's Messages API) with the official
// Anthropic TypeScript SDK (@anthropic-ai/sdk, pinned), as users' code calls it with base URL <gateway>/api (the SDK
// appends /v1/messages): the auth styles (this SDK's apiKey and authToken both send Authorization: Bearer since its
// 1.0 (API version 2026-10-21); the x-api-key header that its 0.x versions and other Anthropic clients send is sent
// through defaultHeaders), messages
// whole and streamed (the SDK's MessageStream and the raw events), tools, thinking with tools sent back signed, the
// anthropic-beta header, and errors in Anthropic's shape mapped to the SDK's classes.
// Environment: SWITCHBOARD_URL (default http://localhost:8080/api/v1; the base URL is it without /v1),
// SWITCHBOARD_KEY (required), FAKE_PROVIDER_URL (default http://127.0.0.1:8090: the fake provider's request log, to
// see the anthropic-beta header reach the Anthropic upstream; skipped when it does not answer).
// Prints one line per check; exits non-zero on the first failure, with the SDK's error, the request it sent and
// the raw response body. Run through deploy/local/sdk-check.sh.
import Anthropic, { APIError, AuthenticationError, BadRequestError, NotFoundError } from "@anthropic-ai/sdk";
import { CheckFailed, checks, expect, json, last, packageVersion, recordingFetch } from "./harness.mjs";

const gatewayURL = process.env.SWITCHBOARD_URL || "http://localhost:8080/api/v1";
const baseURL = gatewayURL.replace(/\/v1\/?$/, "");
const apiKey = process.env.SWITCHBOARD_KEY;
if (!apiKey) {
  console.error("SWITCHBOARD_KEY is not set (deploy/local/dev-key.sh prints one)");
  process.exit(2);
}
const fakeProviderURL = process.env.FAKE_PROVIDER_URL || "http://127.0.0.1:8090";
// the SDK reads these when a constructor option is left out: only what this script passes may reach the gateway
for (const name of ["ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_BASE_URL"]) delete process.env[name];

const options = { baseURL, maxRetries: 0, timeout: 30_000, fetch: recordingFetch };
const withKey = (key, extra = {}) => new Anthropic({ ...options, apiKey: key, ...extra });
const withToken = (token) => new Anthropic({ ...options, authToken: token });
// the header as @anthropic-ai/sdk 0.x sent it for apiKey (and Claude Code and other clients still do)
const withXApiKey = (key) => new Anthropic({ ...options, apiKey: null, authToken: null, defaultHeaders: { "x-api-key": key } });
const anthropic = withKey(apiKey);
const bearer = withToken(apiKey);
const xApiKey = withXApiKey(apiKey);

async function describe(err) {
  if (err instanceof CheckFailed) return err.message;
  if (err instanceof APIError) {
    return `${err.constructor.name} (HTTP ${err.status}, type ${err.type}): ${err.message}\nerror: ${json(err.error)}`;
  }
  return String(err?.stack ?? err) + (err?.cause ? `\ncause: ${err.cause?.stack ?? err.cause}` : "");
}
const { check, expectError, count } = checks(describe);

const MODELS = ["switchboard/echo", "switchboard/echo-anthropic", "switchboard/echo-gemini"];
const hello = (model) => `Hello from ${model.slice("switchboard/".length)}. w1 w2 w3 w4 w5`;
const say = [{ role: "user", content: "Say hello to me" }];
const weatherTool = {
  name: "get_weather",
  description: "Current weather in a city",
  input_schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
};
const weatherQuestion = [{ role: "user", content: "What is the weather in Paris?" }];
const weatherReport = "Sunny, 21 °C in Paris";
const toolResult = (toolUse) => ({ role: "user", content: [{ type: "tool_result", tool_use_id: toolUse.id, content: weatherReport }] });

function expectMessage(message, where) {
  expect(message?.type === "message" && message.role === "assistant", `${where}: not an assistant message: ${json(message)}`);
  expect(typeof message.id === "string" && message.id.length > 0, `${where}: id ${json(message.id)}`);
  expect(Array.isArray(message.content) && message.content.length > 0, `${where}: content ${json(message.content)}`);
  expect(message.usage?.input_tokens > 0 && message.usage.output_tokens > 0, `${where}: usage ${json(message.usage)}`);
}
const textOf = (message) => message.content.filter((block) => block.type === "text").map((block) => block.text).join("");

// What the SDK sent on its last request: the path, and which auth header
function sent() {
  const url = new URL(last.url);
  const auth = last.headers["x-api-key"] !== undefined
    ? (last.headers.authorization !== undefined ? "x-api-key AND Authorization" : "x-api-key")
    : last.headers.authorization?.startsWith("Bearer ") ? "Authorization: Bearer" : "no key header";
  return { path: url.pathname, auth };
}

await check("auth styles: apiKey, authToken (Authorization: Bearer), x-api-key header; POST <base>/v1/messages", async () => {
  const results = [];
  for (const [client, style, expected] of [
    [anthropic, "apiKey", "Authorization: Bearer"],
    [bearer, "authToken", "Authorization: Bearer"],
    [xApiKey, "x-api-key header", "x-api-key"],
  ]) {
    const message = await client.messages.create({ model: "switchboard/echo-anthropic", max_tokens: 256, messages: say });
    expectMessage(message, style);
    const { path, auth } = sent();
    expect(path === "/api/v1/messages", `the SDK called ${path}, expected /api/v1/messages`);
    expect(auth === expected, `${style}: the SDK sent ${auth}, expected ${expected}`);
    results.push(`${style} (${auth}) -> "${textOf(message)}"`);
  }
  return `base URL ${baseURL}, POST ${new URL(last.url).pathname}, anthropic-version ${last.headers["anthropic-version"]}; ${results.join("; ")}`;
});

for (const model of MODELS) {
  await check(`messages.create with a system prompt ${model}`, async () => {
    const message = await anthropic.messages.create({ model, max_tokens: 256, system: "You are terse.", messages: say });
    expectMessage(message, "message");
    expect(message.content[0].type === "text" && message.content[0].text === hello(model),
      `content[0] is ${json(message.content[0])}, expected the text ${json(hello(model))}`);
    expect(message.stop_reason === "end_turn", `stop_reason is ${json(message.stop_reason)}`);
    expect(message.model === model, `model is ${json(message.model)}`);
    return `${message.id} "${message.content[0].text}", stop_reason ${message.stop_reason}, usage ${json(message.usage)}`;
  });

  await check(`messages.stream + finalMessage, raw stream events ${model}`, async () => {
    // the SDK's MessageStream, through the Bearer client: it assembles the message from the events
    const stream = bearer.messages.stream({ model, max_tokens: 256, system: "You are terse.", messages: say });
    let text = "";
    stream.on("text", (delta) => {
      text += delta;
    });
    const final = await stream.finalMessage();
    expectMessage(final, "finalMessage()");
    expect(textOf(final) === hello(model) && text === textOf(final), `finalMessage text ${json(textOf(final))}, text events ${json(text)}`);
    expect(final.stop_reason === "end_turn", `stop_reason is ${json(final.stop_reason)}`);
    // the raw events, as create({stream: true}) yields them
    const events = [];
    let start;
    let delta;
    for await (const event of await anthropic.messages.create({ model, max_tokens: 256, messages: say, stream: true })) {
      events.push(event.type);
      if (event.type === "message_start") start = event.message;
      if (event.type === "message_delta") delta = event;
    }
    expect(events[0] === "message_start" && events[events.length - 1] === "message_stop", `events ${events.join(", ")}`);
    expect(["content_block_start", "content_block_delta", "content_block_stop", "message_delta"].every((type) => events.includes(type)),
      `events ${events.join(", ")}`);
    expect(start?.usage?.input_tokens > 0, `message_start usage is ${json(start?.usage)}, expected input_tokens > 0`);
    expect(delta?.delta?.stop_reason === "end_turn" && delta.usage?.output_tokens > 0, `message_delta is ${json(delta)}`);
    return `"${textOf(final)}", usage ${json(final.usage)}; ${events.length} raw events, message_start usage ${json(start.usage)}`;
  });

  await check(`messages.create tool_use -> tool_result -> text ${model}`, async () => {
    const first = await anthropic.messages.create({ model, max_tokens: 256, tools: [weatherTool], messages: weatherQuestion });
    expectMessage(first, "first turn");
    const toolUse = first.content.find((block) => block.type === "tool_use");
    expect(toolUse?.name === "get_weather" && typeof toolUse.id === "string", `no get_weather tool_use: ${json(first.content)}`);
    expect(json(toolUse.input) === json({ city: "example" }), `input ${json(toolUse.input)}`);
    expect(first.stop_reason === "tool_use", `stop_reason is ${json(first.stop_reason)}`);
    const second = await anthropic.messages.create({
      model,
      max_tokens: 256,
      tools: [weatherTool],
      messages: [...weatherQuestion, { role: "assistant", content: first.content }, toolResult(toolUse)],
    });
    expectMessage(second, "second turn");
    expect(textOf(second) === `Tool result received: ${weatherReport}`, `second turn text is ${json(textOf(second))}`);
    expect(second.stop_reason === "end_turn", `second turn stop_reason is ${json(second.stop_reason)}`);
    return `${toolUse.id} get_weather(${json(toolUse.input)}) -> "${textOf(second)}"`;
  });

  await check(`messages.stream tool_use (input assembled from input_json_delta) ${model}`, async () => {
    const final = await anthropic.messages.stream({ model, max_tokens: 256, tools: [weatherTool], messages: weatherQuestion }).finalMessage();
    const toolUse = final.content.find((block) => block.type === "tool_use");
    expect(toolUse?.name === "get_weather" && json(toolUse.input) === json({ city: "example" }), `content ${json(final.content)}`);
    expect(final.stop_reason === "tool_use", `stop_reason is ${json(final.stop_reason)}`);
    return `${toolUse.id} get_weather(${json(toolUse.input)}), usage ${json(final.usage)}`;
  });
}

// Thinking with tools: the Anthropic upstream signs its thinking and refuses a tool turn sent back without it (or
// with the signature not matching), the Gemini one refuses a function call sent back without its thought signature
// (which the gateway carries in a thinking block's signature), so the second turn succeeds only if the thinking
// blocks went out and came back exactly as the SDK received them.
async function thinkingRoundTrip(model, stream) {
  const request = { model, max_tokens: 4096, thinking: { type: "enabled", budget_tokens: 1024 }, tools: [weatherTool] };
  const first = stream
    ? await anthropic.messages.stream({ ...request, messages: weatherQuestion }).finalMessage()
    : await anthropic.messages.create({ ...request, messages: weatherQuestion });
  expectMessage(first, "first turn");
  expect(first.content[0]?.type === "thinking", `content[0] is ${json(first.content[0])}, expected a thinking block`);
  const thinkingText = first.content.filter((block) => block.type === "thinking").map((block) => block.thinking).join("");
  expect(thinkingText.length > 0, `the thinking blocks have no text: ${json(first.content)}`);
  // Anthropic signs its one thinking block; a Gemini thought signature comes in a thinking block of its own
  const thinking = model.endsWith("anthropic") ? first.content[0] : first.content.find((block) => block.type === "thinking" && block.signature);
  expect(typeof thinking?.signature === "string" && thinking.signature.length > 0, `no signed thinking block: ${json(first.content)}`);
  const toolUse = first.content.find((block) => block.type === "tool_use");
  expect(toolUse?.name === "get_weather", `no get_weather tool_use: ${json(first.content)}`);
  expect(first.stop_reason === "tool_use", `stop_reason is ${json(first.stop_reason)}`);
  const second = await anthropic.messages.create({
    ...request,
    messages: [...weatherQuestion, { role: "assistant", content: first.content }, toolResult(toolUse)],
  });
  expectMessage(second, "second turn");
  expect(textOf(second) === `Tool result received: ${weatherReport}`, `second turn text is ${json(textOf(second))}`);
  // the control: without the thinking block the provider refuses the turn (a 400 in Anthropic's shape)
  const refused = await expectError(() => anthropic.messages.create({
    ...request,
    messages: [...weatherQuestion, { role: "assistant", content: first.content.filter((block) => block.type !== "thinking") }, toolResult(toolUse)],
  }), BadRequestError, 400);
  expect(refused.type === "invalid_request_error", `the refusal's type is ${json(refused.type)}`);
  const blocks = first.content.map((block) => block.type).join(", ");
  return `[${blocks}], thinking "${thinkingText}" (signature ${thinking.signature.length} chars) + ${toolUse.id} get_weather -> `
    + `"${textOf(second)}"; without the thinking block: 400 invalid_request_error`;
}

for (const model of ["switchboard/echo-anthropic", "switchboard/echo-gemini"]) {
  await check(`thinking + tools, assistant content sent back unchanged ${model}`, () => thinkingRoundTrip(model, false));
  await check(`messages.stream thinking + tools (signature_delta), sent back ${model}`, () => thinkingRoundTrip(model, true));
}

// The last request the fake provider received for `upstreamModel`, or null when its log does not answer.
async function lastUpstreamRequest(upstreamModel) {
  try {
    const res = await fetch(`${fakeProviderURL}/__fake/requests`, { signal: AbortSignal.timeout(2000) });
    if (!res.ok) return null;
    const requests = await res.json();
    return requests.filter((request) => request.model === upstreamModel).pop() ?? null;
  } catch {
    return null;
  }
}

await check("anthropic-beta header: beta.messages.create({betas}) and defaultHeaders", async () => {
  const betas = ["token-efficient-tools-2025-02-19", "interleaved-thinking-2025-05-14"];
  const results = [];
  const viaBetas = await anthropic.beta.messages.create({ model: "switchboard/echo-anthropic", max_tokens: 256, messages: say, betas });
  expect(textOf(viaBetas) === hello("switchboard/echo-anthropic"), `beta.messages.create answered ${json(viaBetas.content)}`);
  expect(last.headers["anthropic-beta"] === betas.join(","), `the SDK sent anthropic-beta ${json(last.headers["anthropic-beta"])}`);
  const upstream = await lastUpstreamRequest("echo-anthropic");
  if (upstream) {
    const header = Object.entries(upstream.headers).find(([name]) => name.toLowerCase() === "anthropic-beta")?.[1];
    expect(header && betas.every((beta) => header.includes(beta)), `the Anthropic upstream got anthropic-beta ${json(header)}`);
    results.push(`betas [${betas.join(", ")}] reached the Anthropic upstream as "${header}"`);
  } else {
    results.push(`betas [${betas.join(", ")}] answered (the fake's request log at ${fakeProviderURL} did not answer: upstream header not checked)`);
  }
  const withHeader = withKey(apiKey, { defaultHeaders: { "anthropic-beta": betas[0] } });
  for (const model of ["switchboard/echo-anthropic", "switchboard/echo-gemini"]) {
    const message = await withHeader.messages.create({ model, max_tokens: 256, messages: say });
    expect(textOf(message) === hello(model), `${model} with defaultHeaders answered ${json(message.content)}`);
    expect(last.headers["anthropic-beta"] === betas[0], `the SDK sent anthropic-beta ${json(last.headers["anthropic-beta"])}`);
  }
  results.push("defaultHeaders anthropic-beta answered on echo-anthropic and echo-gemini (dropped there)");
  return results.join("; ");
});

await check("errors: unknown model -> NotFoundError, bad key -> AuthenticationError, max_tokens 0 -> BadRequestError", async () => {
  const results = [];
  const expectShape = (err, type) => {
    expect(err.type === type, `error type is ${json(err.type)}, expected ${type}`);
    expect(err.error?.type === "error" && err.error?.error?.type === type && typeof err.error.error.message === "string",
      `the body is not Anthropic's error shape: ${json(err.error)}`);
    results.push(`${err.status} ${type} "${err.error.error.message}"`);
  };
  expectShape(await expectError(() => anthropic.messages.create({ model: "nobody/nothing", max_tokens: 256, messages: say }),
    NotFoundError, 404), "not_found_error");
  expectShape(await expectError(() => withKey("sk-sb-v1-not-a-real-key").messages.create({ model: "switchboard/echo", max_tokens: 256, messages: say }),
    AuthenticationError, 401), "authentication_error");
  expectShape(await expectError(() => withXApiKey("sk-sb-v1-not-a-real-key").messages.create({ model: "switchboard/echo", max_tokens: 256, messages: say }),
    AuthenticationError, 401), "authentication_error");
  expectShape(await expectError(() => withToken("sk-sb-v1-not-a-real-key").messages.create({ model: "switchboard/echo", max_tokens: 256, messages: say }),
    AuthenticationError, 401), "authentication_error");
  expectShape(await expectError(() => anthropic.messages.create({ model: "switchboard/echo", max_tokens: 0, messages: say }),
    BadRequestError, 400), "invalid_request_error");
  return results.join("; ");
});

console.log(`all ${count()} checks passed against ${baseURL}/v1/messages with @anthropic-ai/sdk ${packageVersion("@anthropic-ai/sdk")}`);
