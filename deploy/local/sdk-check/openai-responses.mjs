// Drives the RUNNING Switchboard gateway's POST /api/v1/responses (OpenAI's Responses API, docs/api-responses.md)
// with the official OpenAI TypeScript SDK (openai, pinned), as users' code calls it: client.responses.create, whole
// and streamed, a function tool round trip, reasoning sent back through encrypted_content, and the errors the SDK
// maps to its classes. The SDK does not validate bodies against a schema: the checks assert what users' code reads.
// Environment: SWITCHBOARD_URL (default http://localhost:8080/api/v1), SWITCHBOARD_KEY (required).
// Prints one line per check; exits non-zero on the first failure, with the SDK's error, the request it sent and
// the raw response body. Run through deploy/local/sdk-check.sh.
import OpenAI, { APIError, AuthenticationError, BadRequestError } from "openai";
import { CheckFailed, checks, expect, json, packageVersion, recordingFetch } from "./harness.mjs";

const baseURL = process.env.SWITCHBOARD_URL || "http://localhost:8080/api/v1";
const apiKey = process.env.SWITCHBOARD_KEY;
if (!apiKey) {
  console.error("SWITCHBOARD_KEY is not set (deploy/local/dev-key.sh prints one)");
  process.exit(2);
}
// the SDK would send these as OpenAI-Organization / OpenAI-Project headers
for (const name of ["OPENAI_ORG_ID", "OPENAI_PROJECT_ID", "OPENAI_BASE_URL"]) delete process.env[name];

const client = (key) => new OpenAI({ baseURL, apiKey: key, maxRetries: 0, timeout: 30_000, fetch: recordingFetch });
const openai = client(apiKey);

async function describe(err) {
  if (err instanceof CheckFailed) return err.message;
  if (err instanceof APIError) {
    return `${err.constructor.name} (HTTP ${err.status}): ${err.message}\nerror: ${json(err.error)}`;
  }
  return String(err?.stack ?? err) + (err?.cause ? `\ncause: ${err.cause?.stack ?? err.cause}` : "");
}
const { check, expectError, count } = checks(describe);

const MODELS = ["switchboard/echo", "switchboard/echo-anthropic", "switchboard/echo-gemini"];
const hello = (model) => `Hello from ${model.slice("switchboard/".length)}. w1 w2 w3 w4 w5`;
const weatherTool = {
  type: "function",
  name: "get_weather",
  description: "Current weather in a city",
  parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"], additionalProperties: false },
  strict: true,
};
const weatherQuestion = [{ role: "user", content: "What is the weather in Paris?" }];
const weatherReport = "Sunny, 21 °C in Paris";

function expectUsage(usage, where) {
  expect(usage, `${where}: no usage`);
  expect(usage.input_tokens > 0 && usage.output_tokens > 0, `${where}: usage ${json(usage)}`);
  expect(usage.total_tokens === usage.input_tokens + usage.output_tokens, `${where}: total_tokens is not input + output: ${json(usage)}`);
  expect(typeof usage.cost === "number" && usage.cost > 0, `${where}: usage.cost is ${json(usage.cost)}, expected a positive number`);
  expect(typeof usage.output_tokens_details?.reasoning_tokens === "number", `${where}: output_tokens_details ${json(usage.output_tokens_details)}`);
  expect(typeof usage.input_tokens_details?.cached_tokens === "number", `${where}: input_tokens_details ${json(usage.input_tokens_details)}`);
}

function expectResponse(res, where) {
  expect(res?.object === "response", `${where}: object is ${json(res?.object)}; got ${json(res)}`);
  expect(typeof res.id === "string" && res.id.startsWith("gen-"), `${where}: id is ${json(res.id)}, expected gen-…`);
  expect(res.status === "completed", `${where}: status is ${json(res.status)}`);
  expectUsage(res.usage, where);
}

// Iterates a create({stream: true}) stream; returns the events' types, the joined text deltas and the last event.
async function drain(stream, where) {
  expect(typeof stream?.[Symbol.asyncIterator] === "function", `${where}: expected a Stream, got ${json(stream)}`);
  const types = [];
  let text = "";
  let previous = -1;
  let lastEvent;
  for await (const event of stream) {
    types.push(event.type);
    expect(event.sequence_number === previous + 1, `${where}: ${event.type} has sequence_number ${event.sequence_number} after ${previous}`);
    previous = event.sequence_number;
    if (event.type === "response.output_text.delta") text += event.delta;
    expect(event.type !== "error" && event.type !== "response.failed", `${where}: ${event.type} ${json(event)}`);
    lastEvent = event;
  }
  return { types, text, lastEvent };
}

const summary = (types) => {
  // response.created, response.in_progress, response.output_item.added, … x3 response.output_text.delta, …
  const parts = [];
  for (const type of types) {
    const top = parts[parts.length - 1];
    if (top && top.type === type) top.n += 1;
    else parts.push({ type, n: 1 });
  }
  return parts.map((p) => (p.n > 1 ? `${p.type.replace(/^response\./, "")} x${p.n}` : p.type.replace(/^response\./, ""))).join(", ");
};

for (const model of MODELS) {
  await check(`responses.create ${model}`, async () => {
    const res = await openai.responses.create({ model, input: "Say hello to me", instructions: "You are terse.", store: false });
    expectResponse(res, "response");
    expect(res.output_text === hello(model), `output_text is ${json(res.output_text)}, expected ${json(hello(model))}`);
    const message = res.output.find((item) => item.type === "message");
    expect(message?.role === "assistant" && message.content?.[0]?.type === "output_text", `output ${json(res.output)}`);
    expect(res.store === false && res.instructions === "You are terse.", `store ${res.store}, instructions ${json(res.instructions)}`);
    return `id ${res.id}, "${res.output_text}", tokens ${res.usage.input_tokens}+${res.usage.output_tokens}, cost ${res.usage.cost}`;
  });

  await check(`responses.create stream ${model}`, async () => {
    const stream = await openai.responses.create({ model, input: "Say hello to me", stream: true, store: false });
    const { types, text, lastEvent } = await drain(stream, "stream");
    expect(types[0] === "response.created", `the first event is ${types[0]}: ${summary(types)}`);
    expect(types.includes("response.output_text.delta"), `no response.output_text.delta: ${summary(types)}`);
    expect(lastEvent?.type === "response.completed", `the last event is ${lastEvent?.type}: ${summary(types)}`);
    const res = lastEvent.response;
    expectResponse(res, "response.completed");
    expect(text === hello(model), `joined deltas are ${json(text)}`);
    expect(res.output_text === undefined || res.output_text === text,
      `response.completed output_text ${json(res.output_text)} differs from the deltas ${json(text)}`);
    const completedText = res.output.find((item) => item.type === "message")?.content?.[0]?.text;
    expect(completedText === text, `response.completed's message text ${json(completedText)} differs from the deltas ${json(text)}`);
    return `${types.length} events (${summary(types)}), "${text}", cost ${res.usage.cost}`;
  });

  await check(`responses.create function tool round trip ${model}`, async () => {
    const input = weatherQuestion;
    const first = await openai.responses.create({ model, input, tools: [weatherTool], store: false });
    expectResponse(first, "first turn");
    const call = first.output.find((item) => item.type === "function_call");
    expect(call?.name === "get_weather" && typeof call.call_id === "string", `no get_weather function_call: ${json(first.output)}`);
    expect(json(JSON.parse(call.arguments)) === json({ city: "example" }), `arguments ${json(call.arguments)}`);
    const second = await openai.responses.create({
      model,
      input: [...input, ...first.output, { type: "function_call_output", call_id: call.call_id, output: weatherReport }],
      tools: [weatherTool],
      store: false,
    });
    expectResponse(second, "second turn");
    expect(second.output_text === `Tool result received: ${weatherReport}`, `second turn output_text is ${json(second.output_text)}`);
    expect(!second.output.some((item) => item.type === "function_call"), `second turn called a tool again: ${json(second.output)}`);
    return `${call.call_id} get_weather(${call.arguments}) -> "${second.output_text}"`;
  });
}

await check("responses.create stream function call switchboard/echo-gemini", async () => {
  const stream = await openai.responses.create({ model: "switchboard/echo-gemini", input: weatherQuestion, tools: [weatherTool], stream: true, store: false });
  const { types, lastEvent } = await drain(stream, "stream");
  expect(types.includes("response.function_call_arguments.delta") && types.includes("response.function_call_arguments.done"),
    `no function_call_arguments events: ${summary(types)}`);
  expect(lastEvent?.type === "response.completed", `the last event is ${lastEvent?.type}`);
  const call = lastEvent.response.output.find((item) => item.type === "function_call");
  expect(call?.name === "get_weather" && json(JSON.parse(call.arguments)) === json({ city: "example" }), `output ${json(lastEvent.response.output)}`);
  return `${summary(types)}`;
});

// Reasoning across turns: the Anthropic upstream signs its thinking and refuses a tool turn sent back without it, the
// Gemini one refuses a function call sent back without its thought signature, so the second turn succeeds only if
// the reasoning item's encrypted_content carries the signed thinking (or the thought signature) back.
async function reasoningRoundTrip(model, stream) {
  const request = {
    model,
    input: weatherQuestion,
    tools: [weatherTool],
    reasoning: { effort: "low" },
    include: ["reasoning.encrypted_content"],
    store: false,
  };
  let first;
  if (stream) {
    const { types, lastEvent } = await drain(await openai.responses.create({ ...request, stream: true }), "first turn stream");
    expect(lastEvent?.type === "response.completed", `the first turn's last event is ${lastEvent?.type}: ${summary(types)}`);
    first = lastEvent.response;
    expect(types.includes("response.reasoning_summary_text.delta"), `no reasoning_summary_text.delta: ${summary(types)}`);
  } else {
    first = await openai.responses.create(request);
  }
  expectResponse(first, "first turn");
  const reasoning = first.output.find((item) => item.type === "reasoning");
  expect(reasoning, `no reasoning item in the first turn: ${json(first.output)}`);
  expect(typeof reasoning.encrypted_content === "string" && reasoning.encrypted_content.length > 0,
    `the reasoning item has no encrypted_content: ${json(reasoning)}`);
  const call = first.output.find((item) => item.type === "function_call");
  expect(call?.name === "get_weather", `no get_weather function_call: ${json(first.output)}`);
  const output = { type: "function_call_output", call_id: call.call_id, output: weatherReport };
  const second = await openai.responses.create({ ...request, input: [...weatherQuestion, ...first.output, output] });
  expectResponse(second, "second turn");
  expect(second.output_text === `Tool result received: ${weatherReport}`, `second turn output_text is ${json(second.output_text)}`);
  // the control: the same turn without the reasoning item is refused by the provider (a 400), so the second turn
  // above succeeded because the signed thinking went back through encrypted_content, not because nothing checked it
  const refused = await expectError(() => openai.responses.create({
    ...request, input: [...weatherQuestion, ...first.output.filter((item) => item.type !== "reasoning"), output],
  }), BadRequestError, 400);
  const without = `400 "${refused.error?.message?.slice(0, 110)}…"`;
  const summaryText = reasoning.summary?.map((part) => part.text).join(" ");
  return `reasoning "${summaryText}" with encrypted_content (${reasoning.encrypted_content.length} chars), `
    + `output_tokens ${first.usage.output_tokens} (reasoning_tokens ${first.usage.output_tokens_details.reasoning_tokens}), `
    + `${call.call_id} get_weather -> "${second.output_text}"; without the reasoning item: ${without}`;
}

for (const model of ["switchboard/echo-anthropic", "switchboard/echo-gemini"]) {
  await check(`responses.create reasoning + tool, reasoning item sent back ${model}`, () => reasoningRoundTrip(model, false));
  await check(`responses.create stream reasoning + tool, reasoning item sent back ${model}`, () => reasoningRoundTrip(model, true));
}

await check("errors: previous_response_id -> BadRequestError, bad key -> AuthenticationError", async () => {
  const badRequest = await expectError(() => openai.responses.create({
    model: "switchboard/echo", input: "Say hello to me", previous_response_id: "resp_0123456789", store: false,
  }), BadRequestError, 400);
  expect(typeof badRequest.error?.message === "string" && badRequest.error.message.includes("previous_response_id"),
    `the 400's error is ${json(badRequest.error)}`);
  const unauthorized = await expectError(() => client("sk-sb-v1-not-a-real-key").responses.create({
    model: "switchboard/echo", input: "Say hello to me", store: false,
  }), AuthenticationError, 401);
  expect(typeof unauthorized.error?.message === "string", `the 401's error is ${json(unauthorized.error)}`);
  return `400 "${badRequest.error.message}"; 401 "${unauthorized.error.message}"`;
});

console.log(`all ${count()} checks passed against ${baseURL}/responses with openai ${packageVersion("openai")}`);
