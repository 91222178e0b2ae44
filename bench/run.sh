#!/usr/bin/env bash
# Gateway overhead benchmark, in one run on this machine: requests/s and latency of
#   (a) the testkit's fake provider directly, (b) nginx reverse-proxying it, (c) the gateway with auth, credit
#   reservation and metering, non-streaming and streaming; then the ratios against (a) and (b).
# Throughput: wrk, closed loop (64 connections, 2 threads). Latency: open loop at a fixed rate (500 req/s) with the
# testkit's LoadGenerator (latency counted from when a request was due). Also: the gateway's peak RSS under load, and
# generation rows written vs successful gateway responses. Results: .local/bench/results.md (+ raw output).
# Usage: bench/run.sh [--seconds 10] [--rate 500]
set -euo pipefail
source "$(dirname "$0")/../deploy/local/lib.sh"
SECONDS_PER_RUN=10
RATE=500
while (( $# )); do
  case "$1" in
    --seconds) SECONDS_PER_RUN=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    *) die "unknown argument $1" ;;
  esac
done
OUT="$ROOT/.local/bench"
rm -rf "$OUT"; mkdir -p "$OUT"
JAVA_HOME=$(find_jdk); export JAVA_HOME
FAKE_PORT=18090; NGINX_PORT=18091; GATEWAY_PORT=18080; GATEWAY_MANAGEMENT_PORT=19080
DB=switchboard_bench

for tool in wrk nginx psql sha256sum; do
  if ! command -v "$tool" > /dev/null && [[ ! -x /usr/sbin/$tool ]]; then
    [[ $(id -u) -eq 0 ]] || die "$tool is missing (apt-get install wrk nginx-light postgresql-client)"
    log "installing wrk and nginx-light"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx-light > /dev/null
  fi
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

if [[ ! -f "$ROOT/gateway-service/target/quarkus-app/quarkus-run.jar" || ! -f "$ROOT/testkit/target/fake-provider.classpath" ]]; then
  log "building"; (cd "$ROOT" && ./mvnw -B -q install -DskipTests)
fi
TESTKIT_CP="$ROOT/testkit/target/switchboard-testkit-0.1.0-SNAPSHOT.jar:$(cat "$ROOT/testkit/target/fake-provider.classpath")"

PIDS_TO_KILL=()
cleanup() {
  for pid in "${PIDS_TO_KILL[@]}"; do kill "$pid" 2> /dev/null || true; done
  [[ -f "$OUT/nginx.pid" ]] && kill "$(cat "$OUT/nginx.pid")" 2> /dev/null || true
}
trap cleanup EXIT

wait_http() { # url seconds
  local deadline=$((SECONDS + $2))
  until curl -fsS -o /dev/null "$1" 2> /dev/null; do (( SECONDS < deadline )) || die "$1 not up"; sleep 0.5; done
}

log "database $DB (fresh)"
psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"

log "fake provider on $FAKE_PORT"
"$JAVA_HOME/bin/java" -Xmx256m -cp "$TESTKIT_CP" dev.switchboard.testkit.providers.FakeProviderMain --port $FAKE_PORT --host 127.0.0.1 \
  > "$OUT/fake.log" 2>&1 &
PIDS_TO_KILL+=($!)
wait_http "http://127.0.0.1:$FAKE_PORT/health" 30

log "nginx on $NGINX_PORT"
cat > "$OUT/nginx.conf" <<NGINX
worker_processes auto;
pid $OUT/nginx.pid;
error_log $OUT/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  upstream fake { server 127.0.0.1:$FAKE_PORT; keepalive 128; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      proxy_pass http://fake;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
    }
  }
}
NGINX
"$NGINX" -c "$OUT/nginx.conf" -p "$OUT"
wait_http "http://127.0.0.1:$NGINX_PORT/health" 10

log "gateway on $GATEWAY_PORT"
SWITCHBOARD_DB_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$DB" SWITCHBOARD_DB_REACTIVE_URL="postgresql://127.0.0.1:5432/$DB" \
SWITCHBOARD_FAKE_PROVIDER_URL="http://127.0.0.1:$FAKE_PORT" QUARKUS_HTTP_PORT=$GATEWAY_PORT QUARKUS_MANAGEMENT_PORT=$GATEWAY_MANAGEMENT_PORT \
  "$JAVA_HOME/bin/java" -Xmx512m -jar "$ROOT/gateway-service/target/quarkus-app/quarkus-run.jar" > "$OUT/gateway.log" 2>&1 &
GATEWAY_PID=$!
PIDS_TO_KILL+=($GATEWAY_PID)
wait_http "http://127.0.0.1:$GATEWAY_MANAGEMENT_PORT/q/health/ready" 60

KEY="sk-sb-v1-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
HASH=$(printf '%s' "$KEY" | sha256sum | cut -d' ' -f1)
psql -h 127.0.0.1 -U postgres -d $DB -q <<SQL
INSERT INTO organizations (id, name, kind) VALUES ('00000000-0000-0000-0000-0000000000b1', 'bench', 'team');
INSERT INTO api_keys (id, organization_id, name, display_prefix, key_hash) VALUES
  ('00000000-0000-0000-0000-0000000000b2', '00000000-0000-0000-0000-0000000000b1', 'bench', 'sk-sb-v1-ben…', '$HASH');
INSERT INTO ledger_entries (id, organization_id, kind, amount_nanos, external_reference) VALUES
  (gen_random_uuid(), '00000000-0000-0000-0000-0000000000b1', 'purchase', 1000000000000000, 'bench-credit');
SQL

MSG='"messages": [{"role": "user", "content": "Say hello to me"}]'
echo "{\"model\": \"echo\", \"max_tokens\": 8, $MSG}" > "$OUT/direct.json"
echo "{\"model\": \"echo\", \"max_tokens\": 8, \"stream\": true, \"stream_options\": {\"include_usage\": true}, $MSG}" > "$OUT/direct-stream.json"
echo "{\"model\": \"switchboard/echo\", \"max_tokens\": 8, $MSG}" > "$OUT/gateway.json"
echo "{\"model\": \"switchboard/echo\", \"max_tokens\": 8, \"stream\": true, $MSG}" > "$OUT/gateway-stream.json"
echo "{\"model\": \"switchboard/echo-routed\", \"max_tokens\": 8, $MSG}" > "$OUT/routed.json"
DIRECT="http://127.0.0.1:$FAKE_PORT/openai/v1/chat/completions"
VIA_NGINX="http://127.0.0.1:$NGINX_PORT/openai/v1/chat/completions"
GATEWAY="http://127.0.0.1:$GATEWAY_PORT/api/v1/chat/completions"
FAKE_KEY=sk-fake-local

# peak RSS of the gateway while the load runs
( peak=0; while kill -0 $GATEWAY_PID 2> /dev/null; do
    rss=$(awk '/VmRSS/ {print $2}' /proc/$GATEWAY_PID/status 2> /dev/null || echo 0)
    (( rss > peak )) && peak=$rss && echo "$peak" > "$OUT/gateway-peak-rss-kb"
    sleep 0.2
  done ) &
PIDS_TO_KILL+=($!)

GATEWAY_OK=0
throughput() { # name url body key
  log "throughput: $1 (wrk, 64 connections, ${SECONDS_PER_RUN}s)"
  BODY_FILE=$3 KEY=$4 wrk -t2 -c64 -d15s -s "$ROOT/bench/post.lua" "$2" > "$OUT/wrk-$1-warmup.txt" # warm-up: JIT-compile the hot path
  BODY_FILE=$3 KEY=$4 wrk -t2 -c64 -d${SECONDS_PER_RUN}s --latency -s "$ROOT/bench/post.lua" "$2" > "$OUT/wrk-$1.txt"
  local rps total non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk-$1.txt")
  total=$(awk '/requests in/ {print $1}' "$OUT/wrk-$1.txt")
  non2xx=$(awk '/Non-2xx/ {print $5}' "$OUT/wrk-$1.txt"); non2xx=${non2xx:-0}
  echo "$1 $rps $total $non2xx" >> "$OUT/throughput.txt"
  log "  $rps req/s ($total requests, $non2xx non-2xx)"
}
latency() { # name url body key [--stream]
  log "latency: $1 (open loop, $RATE req/s, ${SECONDS_PER_RUN}s)"
  "$JAVA_HOME/bin/java" -cp "$TESTKIT_CP" dev.switchboard.testkit.bench.LoadGenerator --url "$2" --body "$3" \
    --header "Authorization: Bearer $4" --rate "$RATE" --seconds "$SECONDS_PER_RUN" --warmup 3 ${5:-} | tee "$OUT/latency-$1.json"
}

throughput direct "$DIRECT" "$OUT/direct.json" "$FAKE_KEY"
throughput nginx "$VIA_NGINX" "$OUT/direct.json" "$FAKE_KEY"
throughput gateway "$GATEWAY" "$OUT/gateway.json" "$KEY"
throughput gateway-stream "$GATEWAY" "$OUT/gateway-stream.json" "$KEY"
latency direct "$DIRECT" "$OUT/direct.json" "$FAKE_KEY"
latency nginx "$VIA_NGINX" "$OUT/direct.json" "$FAKE_KEY"
latency gateway "$GATEWAY" "$OUT/gateway.json" "$KEY"
latency direct-stream "$DIRECT" "$OUT/direct-stream.json" "$FAKE_KEY" --stream
latency gateway-stream "$GATEWAY" "$OUT/gateway-stream.json" "$KEY" --stream

# routing: two providers healthy, then one of them (routed-b, the cheaper, chosen first ~86 % of the time) failing
throughput routed "$GATEWAY" "$OUT/routed.json" "$KEY"
latency routed "$GATEWAY" "$OUT/routed.json" "$KEY"
log "routing: routed-b answers 503 to every request from now on"
curl -fsS -o /dev/null -X PUT "http://127.0.0.1:$FAKE_PORT/__fake/faults/routed-b" -H 'Content-Type: application/json' -d '{"error": 503}'
throughput routed-failing "$GATEWAY" "$OUT/routed.json" "$KEY"
latency routed-failing "$GATEWAY" "$OUT/routed.json" "$KEY"
curl -fsS "http://127.0.0.1:$FAKE_PORT/__fake/stats" > "$OUT/fake-stats.json" || true
curl -fsS -o /dev/null -X DELETE "http://127.0.0.1:$FAKE_PORT/__fake/faults"

sleep 2 # the last metering batch
ROWS=$(psql -h 127.0.0.1 -U postgres -d $DB -Atc "SELECT count(*) FROM generations")
BALANCE_OK=$(psql -h 127.0.0.1 -U postgres -d $DB -Atc "SELECT (SELECT balance_nanos FROM organization_balances) = (SELECT sum(amount_nanos) FROM ledger_entries) AND (SELECT -sum(amount_nanos) FROM ledger_entries WHERE kind = 'usage') = (SELECT sum(cost_nanos) FROM generations)")

python3 - "$OUT" "$ROWS" "$BALANCE_OK" "$RATE" <<'PY'
import json, sys, os, platform, subprocess
out, rows, balance_ok, rate = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
tp = {}
for line in open(os.path.join(out, "throughput.txt")):
    name, rps, total, non2xx = line.split()
    tp[name] = (float(rps), int(total), int(non2xx))
lat = {n: json.load(open(os.path.join(out, f"latency-{n}.json"))) for n in ["direct", "nginx", "gateway", "direct-stream", "gateway-stream", "routed", "routed-failing"]}
def wrk_ok(path):
    text = open(path).read()
    total = int(text.split(" requests in")[0].split()[-1])
    non2xx = int(text.split("Non-2xx or 3xx responses:")[1].split()[0]) if "Non-2xx" in text else 0
    return total - non2xx
# every successful gateway response, warm-ups included, must have exactly one generation row
gateway_runs = ["gateway", "gateway-stream", "routed", "routed-failing"]
ok_measured = sum(wrk_ok(os.path.join(out, f"wrk-{n}{w}.txt")) for n in gateway_runs for w in ["", "-warmup"]) \
    + sum(lat[n]["ok"] + lat[n]["warmup_ok"] for n in gateway_runs)
# wrk stops with up to 64 requests in flight per phase: the gateway finishes (or cancels) and records them all
in_flight_bound = 64 * 8
peak_rss_mb = int(open(os.path.join(out, "gateway-peak-rss-kb")).read()) / 1024
cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], capture_output=True, text=True).stdout.strip()
r = []
r.append(f"Machine: {os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}, Java {platform.java_ver()[0] or 'see JAVA_HOME'}")
r.append("")
r.append("| target | throughput (req/s, wrk 64 conns) | p50 @ %d req/s (ms) | p99 @ %d req/s (ms) | first chunk p50 / p99 (ms) |" % (rate, rate))
r.append("|---|---|---|---|---|")
def row(name, tpn, latn):
    t = f"{tp[tpn][0]:,.0f}" if tpn else "—"
    l = lat[latn]
    first = f"{l['first_p50_ms']:.3f} / {l['first_p99_ms']:.3f}" if l["first_p50_ms"] >= 0 else "—"
    r.append(f"| {name} | {t} | {l['p50_ms']:.3f} | {l['p99_ms']:.3f} | {first} |")
row("fake provider directly", "direct", "direct")
row("nginx → fake", "nginx", "nginx")
row("gateway → fake (auth, credit, metering)", "gateway", "gateway")
row("fake directly, streaming", None, "direct-stream")
row("gateway → fake, streaming", "gateway-stream", "gateway-stream")
row("gateway → two providers (switchboard/echo-routed)", "routed", "routed")
row("gateway → two providers, one failing every request (503)", "routed-failing", "routed-failing")
r.append("")
g, n, d = tp["gateway"][0], tp["nginx"][0], tp["direct"][0]
added50 = lat["gateway"]["p50_ms"] - lat["direct"]["p50_ms"]
added99 = lat["gateway"]["p99_ms"] - lat["direct"]["p99_ms"]
first_over = lat["gateway-stream"]["first_p50_ms"] - lat["direct-stream"]["first_p50_ms"]
checks = [
    ("gateway throughput / nginx throughput", f"{g / n:.0%}", ">= 40 %", g / n >= 0.40),
    ("gateway throughput / direct throughput", f"{g / d:.0%}", "(context)", None),
    (f"added latency p50 @ {rate} req/s", f"{added50:.3f} ms", "<= 1 ms", added50 <= 1.0),
    (f"added latency p99 @ {rate} req/s", f"{added99:.3f} ms", "<= 5 ms", added99 <= 5.0),
    ("streaming first-chunk overhead (p50)", f"{first_over:.3f} ms", "<= 2 ms", first_over <= 2.0),
    ("gateway peak resident memory under load", f"{peak_rss_mb:.0f} MB", "<= 512 MB", peak_rss_mb <= 512),
    ("generation rows vs successful gateway responses (warm-ups included)", f"{rows:,} rows, {ok_measured:,} successes (+{rows - ok_measured} in flight when a load phase stopped)",
     "none lost: 0 <= rows - successes <= 256", 0 <= rows - ok_measured <= in_flight_bound),
    ("balance = Σ ledger and Σ usage = −Σ generation cost", balance_ok, "t", balance_ok == "t"),
]
# routing with one of two providers down: every request must still succeed, at a small cost in latency
rf, rh = tp["routed-failing"], tp["routed"]
lf, lh = lat["routed-failing"], lat["routed"]
failing_ok = (rf[1] - rf[2]) / rf[1] if rf[1] else 0
open_ok = lf["ok"] / lf["sent"] if lf["sent"] else 0
checks += [
    ("one provider of two failing: success rate (wrk; open loop)", f"{failing_ok:.2%} of {rf[1]:,}; {open_ok:.2%} of {lf['sent']:,}", "100 %",
     rf[2] == 0 and lf["ok"] == lf["sent"]),
    ("one provider of two failing: added latency p50 / p99 vs both healthy", f"{lf['p50_ms'] - lh['p50_ms']:.3f} / {lf['p99_ms'] - lh['p99_ms']:.3f} ms",
     "p50 <= 2 ms", lf["p50_ms"] - lh["p50_ms"] <= 2.0),
    ("one provider of two failing: throughput vs both healthy", f"{rf[0] / rh[0]:.0%}", ">= 50 %", rf[0] / rh[0] >= 0.5),
    ("two providers healthy: throughput vs one provider (switchboard/echo)", f"{rh[0] / g:.0%}", ">= 80 %", rh[0] / g >= 0.8),
]
r.append("| check | measured | target | met |")
r.append("|---|---|---|---|")
for name, value, target, met in checks:
    r.append(f"| {name} | {value} | {target} | {'—' if met is None else ('yes' if met else 'NO')} |")
text = "\n".join(r)
open(os.path.join(out, "results.md"), "w").write(text + "\n")
print(text)
PY
