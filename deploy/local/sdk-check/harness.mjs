// What openai-responses.mjs and anthropic.mjs share (check.mjs, the OpenRouter SDK check, keeps its own): numbered
// checks that stop the run at the first failure, expectations, expected errors, and a fetch that remembers the last
// exchange so that a failure prints the request the SDK sent and the raw body the gateway answered.
import { readFileSync } from "node:fs";

export class CheckFailed extends Error {}

export const expect = (condition, message) => {
  if (!condition) throw new CheckFailed(message);
};

export const json = (value) => JSON.stringify(value);

// The last exchange (request and response) of every client made with recordingFetch, for failure reports and for
// checks on what the SDK really sent (the path it called, its auth header).
export let last = null;

const CREDENTIAL_HEADERS = new Set(["authorization", "x-api-key"]);
const mask = (name, value) =>
  CREDENTIAL_HEADERS.has(name.toLowerCase()) ? `${value.slice(0, 22)}…` : value;

// A fetch for the SDKs' `fetch` option: the SDK's own request, passed on unchanged.
export async function recordingFetch(input, init = {}) {
  const request = new Request(input, init);
  const headers = {};
  request.headers.forEach((value, name) => {
    headers[name] = mask(name, value);
  });
  const exchange = {
    method: request.method,
    url: request.url,
    headers,
    requestBody: typeof init.body === "string" ? init.body : init.body ? `<${typeof init.body} body>` : "",
  };
  last = exchange;
  const response = await fetch(input, init);
  exchange.status = response.status;
  exchange.contentType = response.headers.get("content-type");
  // a stream's body is read by the SDK as it arrives: keep a copy for the report (read only if it is printed)
  exchange.body = response.clone().text().catch((e) => `<body unreadable: ${e}>`);
  return response;
}

// The last exchange, printable; the response body in full (a stream's once it has ended).
export async function describeLast() {
  if (!last) return "no request was sent";
  const body = await Promise.race([last.body, new Promise((resolve) => setTimeout(() => resolve("<body still arriving>"), 2000))]);
  return [
    `last request: ${last.method} ${last.url}`,
    `request headers: ${json(last.headers)}`,
    `request body: ${last.requestBody}`,
    `response: HTTP ${last.status} ${last.contentType}`,
    "raw body:",
    body,
  ].join("\n");
}

// A runner whose failures are printed by `describe(err)` (the SDK-specific part), then the last exchange.
export function checks(describe) {
  let number = 0;
  async function check(name, fn) {
    number += 1;
    try {
      const detail = await fn();
      console.log(`ok   ${number} ${name}${detail ? `: ${detail}` : ""}`);
    } catch (err) {
      console.log(`FAIL ${number} ${name}`);
      console.log(await describe(err));
      console.log(await describeLast());
      process.exit(1);
    }
  }
  // Expect `call` to throw the SDK error class `type` with HTTP `status`; returns the error.
  async function expectError(call, type, status) {
    let result;
    try {
      result = await call();
    } catch (err) {
      if (err instanceof type && err.status === status) return err;
      throw new CheckFailed(`expected ${type.name} (HTTP ${status}), got:\n${await describe(err)}`);
    }
    throw new CheckFailed(`expected ${type.name} (HTTP ${status}), but the call succeeded: ${json(result)}`);
  }
  return { check, expectError, count: () => number };
}

export function packageVersion(name) {
  return JSON.parse(readFileSync(new URL(`./node_modules/${name}/package.json`, import.meta.url))).version;
}
