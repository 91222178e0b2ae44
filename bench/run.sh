#!/usr/bin/env bash
# Gateway overhead benchmark, in one run on this machine: requests/s and latency of
#   (a) the testkit's fake provider directly, (b) nginx reverse-proxying it, (c) the gateway with auth, credit
#   reservation and metering, non-streaming and streaming; then the ratios against (a) and (b).
# Throughput: wrk, closed loop (64 connections, 2 threads). Latency: open loop at a fixed rate (500 req/s) with the
# testkit's LoadGenerator (latency counted from when a request was due). Also: the gateway's peak RSS under load, and
# generation rows written vs successful gateway responses. Results: .local/bench/results.md (+ raw output).
#
# Warm-up: every throughput target gets 5-s wrk bursts until two in a row agree within 10 % (at least 40 s, at most
# 150 s). The gateway needs 30-90 s of load on a 2-core VM before the JIT has settled (throughput grows tenfold
# meanwhile), so a fixed short warm-up measured a cold gateway, and how cold depended on how slow the machine was.
#
# --baseline REV: afterwards, the "does not regress" check. REV's gateway is built in a git worktree (cached under
# .local/bench-baseline/) and runs beside this one against the same fake provider, on its own database; both are warmed
# as above, then measured in alternating 5-s bursts (ABBA order, so neither always runs first). Reported: median
# req/s and CPU time per request of the gateway (utime + stime from /proc/<pid>/stat), of Postgres and of the whole
# machine, new ÷ baseline; then latency from three alternating open-loop runs each at --rate. On a noisy
# VM, alternating bursts side by side are the only comparison that means anything: two runs of one build minutes apart
# have differed by 2x here.
# --compare-only: only that comparison (needs --baseline). --jfr: both gateways record a JFR profile (settings=profile)
# over the measured bursts, written to .local/bench/{new,baseline}.jfr; `jfr print --events jdk.ExecutionSample` or
# JDK Mission Control read it.
# Usage: bench/run.sh [--seconds 10] [--rate 500] [--baseline REV [--rounds 8] [--compare-only] [--jfr]]
set -euo pipefail
source "$(dirname "$0")/../deploy/local/lib.sh"
SECONDS_PER_RUN=10
RATE=500
BASELINE=""
ROUNDS=8
COMPARE_ONLY=0
JFR=0
while (( $# )); do
  case "$1" in
    --seconds) SECONDS_PER_RUN=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --baseline) BASELINE=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --compare-only) COMPARE_ONLY=1; shift ;;
    --jfr) JFR=1; shift ;;
    *) die "unknown argument $1" ;;
  esac
done
OUT="$ROOT/.local/bench"
rm -rf "$OUT"; mkdir -p "$OUT"
JAVA_HOME=$(find_jdk); export JAVA_HOME
FAKE_PORT=18090; NGINX_PORT=18091; GATEWAY_PORT=18080; GATEWAY_MANAGEMENT_PORT=19080
BASELINE_PORT=18082; BASELINE_MANAGEMENT_PORT=19082
DB=switchboard_bench
BASELINE_DB=switchboard_bench_baseline
(( ! COMPARE_ONLY )) || [[ -n "$BASELINE" ]] || die "--compare-only compares with a baseline: give --baseline REV"
if [[ -n "$BASELINE" ]]; then
  BASELINE_SHA=$(git -C "$ROOT" rev-parse --verify "$BASELINE^{commit}") || die "--baseline $BASELINE is not a commit"
fi

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

if [[ -n "$BASELINE" ]]; then
  BASELINE_TREE="$ROOT/.local/bench-baseline/$BASELINE_SHA"
  BASELINE_JAR="$BASELINE_TREE/gateway-service/target/quarkus-app/quarkus-run.jar"
  if [[ ! -f "$BASELINE_JAR" ]]; then
    log "building the baseline gateway ($BASELINE = ${BASELINE_SHA:0:10}) in $BASELINE_TREE"
    git -C "$ROOT" worktree remove --force "$BASELINE_TREE" 2> /dev/null || rm -rf "$BASELINE_TREE"
    git -C "$ROOT" worktree prune
    git -C "$ROOT" worktree add -q --detach "$BASELINE_TREE" "$BASELINE_SHA"
    (cd "$BASELINE_TREE" && { ./mvnw -o -B -q -pl gateway-service -am package -DskipTests > "$OUT/baseline-build.log" 2>&1 \
      || ./mvnw -B -q -pl gateway-service -am package -DskipTests >> "$OUT/baseline-build.log" 2>&1; }) \
      || die "the baseline gateway did not build: $OUT/baseline-build.log"
  fi
fi

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

for db in $DB ${BASELINE:+$BASELINE_DB}; do
  log "database $db (fresh)"
  psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
done

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

start_gateway() { # jar port management-port database log; sets STARTED_PID
  SWITCHBOARD_DB_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$4" SWITCHBOARD_DB_REACTIVE_URL="postgresql://127.0.0.1:5432/$4" \
  SWITCHBOARD_FAKE_PROVIDER_URL="http://127.0.0.1:$FAKE_PORT" QUARKUS_HTTP_PORT=$2 QUARKUS_MANAGEMENT_PORT=$3 \
    "$JAVA_HOME/bin/java" -Xmx512m ${JFR_OPTS:-} -jar "$1" > "$5" 2>&1 &
  STARTED_PID=$!
  PIDS_TO_KILL+=($STARTED_PID)
  wait_http "http://127.0.0.1:$3/q/health/ready" 60
}
# one organization with ample credit and one key (the same key in every database, so one body file serves all)
KEY="sk-sb-v1-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
HASH=$(printf '%s' "$KEY" | sha256sum | cut -d' ' -f1)
seed() { # database
  psql -h 127.0.0.1 -U postgres -d "$1" -q <<SQL
INSERT INTO organizations (id, name, kind) VALUES ('00000000-0000-0000-0000-0000000000b1', 'bench', 'team');
INSERT INTO api_keys (id, organization_id, name, display_prefix, key_hash) VALUES
  ('00000000-0000-0000-0000-0000000000b2', '00000000-0000-0000-0000-0000000000b1', 'bench', 'sk-sb-v1-ben…', '$HASH');
INSERT INTO ledger_entries (id, organization_id, kind, amount_nanos, external_reference) VALUES
  (gen_random_uuid(), '00000000-0000-0000-0000-0000000000b1', 'purchase', 1000000000000000, 'bench-credit');
SQL
}
# what the ledger says must match what the balance and the generations say
balance_ok() { # database
  psql -h 127.0.0.1 -U postgres -d "$1" -Atc "SELECT (SELECT balance_nanos FROM organization_balances) = (SELECT sum(amount_nanos) FROM ledger_entries) AND (SELECT -sum(amount_nanos) FROM ledger_entries WHERE kind = 'usage') = (SELECT sum(cost_nanos) FROM generations)"
}

log "gateway on $GATEWAY_PORT"
start_gateway "$ROOT/gateway-service/target/quarkus-app/quarkus-run.jar" $GATEWAY_PORT $GATEWAY_MANAGEMENT_PORT $DB "$OUT/gateway.log"
GATEWAY_PID=$STARTED_PID
seed $DB

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

CLK_TCK=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # utime + stime of a process, in clock ticks
# every Postgres process together (the metering writes land there), and the whole machine's busy time
pg_ticks() { local t=0 p; for p in $(pgrep -x postgres); do t=$(( t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2> /dev/null || echo 0) )); done; echo $t; }
machine_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat; }
burst() { # seconds url body key output-file: one wrk run; prints "req/s requests non-2xx"
  BODY_FILE=$3 KEY=$4 wrk -t2 -c64 -d"$1"s --latency -s "$ROOT/bench/post.lua" "$2" > "$5"
  local non2xx
  non2xx=$(awk '/Non-2xx/ {print $5}' "$5")
  echo "$(awk '/Requests\/sec/ {print $2}' "$5") $(awk '/requests in/ {print $1}' "$5") ${non2xx:-0}"
}
# 5-s bursts until two in a row agree within 10 %, after at least 40 s (at most 150 s). Agreement alone is not enough:
# a JVM can sit on a plateau while C2 compiles (2,354 then 2,474 req/s at 10-15 s, 12,000 at 40 s, seen on this VM).
warm_up() { # name url body key
  local i=0 prev=0 rps rest
  while :; do
    i=$((i + 1))
    read -r rps rest < <(burst 5 "$2" "$3" "$4" "$OUT/wrk-$1-warmup-$i.txt")
    log "  warm-up $1 #$i: $rps req/s"
    if (( i >= 8 )) && python3 -c "import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); sys.exit(0 if abs(a - b) <= 0.1 * max(a, b) else 1)" "$prev" "$rps"; then
      break
    fi
    (( i < 30 )) || { log "  $1 did not settle within 150 s; measuring anyway"; break; }
    prev=$rps
  done
}
throughput() { # name url body key
  log "throughput: $1 (wrk, 64 connections, ${SECONDS_PER_RUN}s)"
  warm_up "$1" "$2" "$3" "$4"
  local rps total non2xx
  read -r rps total non2xx < <(burst "$SECONDS_PER_RUN" "$2" "$3" "$4" "$OUT/wrk-$1.txt")
  echo "$1 $rps $total $non2xx" >> "$OUT/throughput.txt"
  log "  $rps req/s ($total requests, $non2xx non-2xx)"
}
latency() { # name url body key [--stream]
  log "latency: $1 (open loop, $RATE req/s, ${SECONDS_PER_RUN}s)"
  "$JAVA_HOME/bin/java" -cp "$TESTKIT_CP" dev.switchboard.testkit.bench.LoadGenerator --url "$2" --body "$3" \
    --header "Authorization: Bearer $4" --rate "$RATE" --seconds "$SECONDS_PER_RUN" --warmup 3 ${5:-} | tee "$OUT/latency-$1.json"
}

if (( ! COMPARE_ONLY )); then
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
BALANCE_OK=$(balance_ok $DB)

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
import glob
ok_measured = sum(wrk_ok(f) for n in gateway_runs for f in [os.path.join(out, f"wrk-{n}.txt")] + glob.glob(os.path.join(out, f"wrk-{n}-warmup-*.txt"))) \
    + sum(lat[n]["ok"] + lat[n]["warmup_ok"] for n in gateway_runs)
# wrk stops with up to 64 requests in flight per run: the gateway finishes (or cancels) and records them all
wrk_runs = sum(1 + len(glob.glob(os.path.join(out, f"wrk-{n}-warmup-*.txt"))) for n in gateway_runs)
in_flight_bound = 64 * wrk_runs
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
     f"none lost: 0 <= rows - successes <= {in_flight_bound} (64 per wrk run)", 0 <= rows - ok_measured <= in_flight_bound),
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
fi # --compare-only

[[ -n "$BASELINE" ]] || exit 0

# ---- does not regress: this gateway against the baseline's, side by side, alternating bursts ----
# Both start afresh on empty databases of their own, so neither carries the other's history (a million generation
# rows, a heap that has run for minutes) into the comparison.
kill $GATEWAY_PID; wait $GATEWAY_PID 2> /dev/null || true
(( ! COMPARE_ONLY )) || : > "$OUT/results.md"
for db in $DB $BASELINE_DB; do
  psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
done
(( ! JFR )) || JFR_OPTS="-XX:FlightRecorderOptions=stackdepth=256"
log "this gateway again, on a fresh database; the baseline ($BASELINE = ${BASELINE_SHA:0:10}) on $BASELINE_PORT"
start_gateway "$ROOT/gateway-service/target/quarkus-app/quarkus-run.jar" $GATEWAY_PORT $GATEWAY_MANAGEMENT_PORT $DB "$OUT/gateway-ab.log"
GATEWAY_PID=$STARTED_PID
start_gateway "$BASELINE_JAR" $BASELINE_PORT $BASELINE_MANAGEMENT_PORT $BASELINE_DB "$OUT/baseline-gateway.log"
BASELINE_PID=$STARTED_PID
seed $DB; seed $BASELINE_DB
BASELINE_URL="http://127.0.0.1:$BASELINE_PORT/api/v1/chat/completions"
warm_up baseline "$BASELINE_URL" "$OUT/gateway.json" "$KEY"
warm_up new "$GATEWAY" "$OUT/gateway.json" "$KEY"
ab_burst() { # name url pid round
  local before after pg_before pg_after all_before all_after rps total non2xx
  before=$(cpu_ticks "$3"); pg_before=$(pg_ticks); all_before=$(machine_ticks)
  read -r rps total non2xx < <(burst 5 "$2" "$OUT/gateway.json" "$KEY" "$OUT/wrk-ab-$1-$4.txt")
  after=$(cpu_ticks "$3"); pg_after=$(pg_ticks); all_after=$(machine_ticks)
  echo "$1 $4 $rps $total $non2xx $(( (after - before) * 1000000 / CLK_TCK )) $(( (pg_after - pg_before) * 1000000 / CLK_TCK ))" \
    "$(( (all_after - all_before) * 1000000 / CLK_TCK ))" >> "$OUT/ab.txt"
  local per=$(( total > 0 ? total : 1 ))
  log "  round $4 $1: $rps req/s, CPU µs/request: gateway $(( (after - before) * 1000000 / CLK_TCK / per ))," \
    "Postgres $(( (pg_after - pg_before) * 1000000 / CLK_TCK / per )), machine $(( (all_after - all_before) * 1000000 / CLK_TCK / per ))"
}
: > "$OUT/ab.txt"
if (( JFR )); then
  for pid in $GATEWAY_PID $BASELINE_PID; do "$JAVA_HOME/bin/jcmd" $pid JFR.start name=ab settings=profile > /dev/null; done
fi
for round in $(seq 1 "$ROUNDS"); do
  if (( round % 2 )); then
    ab_burst new "$GATEWAY" $GATEWAY_PID $round; ab_burst baseline "$BASELINE_URL" $BASELINE_PID $round
  else
    ab_burst baseline "$BASELINE_URL" $BASELINE_PID $round; ab_burst new "$GATEWAY" $GATEWAY_PID $round
  fi
done
# latency at a fixed rate, alternating too: three open-loop runs each
LATENCY_ROUNDS=3
for round in $(seq 1 $LATENCY_ROUNDS); do
  if (( round % 2 )); then
    latency "ab-new-$round" "$GATEWAY" "$OUT/gateway.json" "$KEY"; latency "ab-baseline-$round" "$BASELINE_URL" "$OUT/gateway.json" "$KEY"
  else
    latency "ab-baseline-$round" "$BASELINE_URL" "$OUT/gateway.json" "$KEY"; latency "ab-new-$round" "$GATEWAY" "$OUT/gateway.json" "$KEY"
  fi
done
if (( JFR )); then
  "$JAVA_HOME/bin/jcmd" $GATEWAY_PID JFR.dump name=ab filename="$OUT/new.jfr" > /dev/null
  "$JAVA_HOME/bin/jcmd" $BASELINE_PID JFR.dump name=ab filename="$OUT/baseline.jfr" > /dev/null
  log "profiles: $OUT/new.jfr, $OUT/baseline.jfr"
fi
sleep 2 # the last metering batch
python3 - "$OUT" "$BASELINE" "${BASELINE_SHA:0:10}" "$(balance_ok $DB)" "$(balance_ok $BASELINE_DB)" "$LATENCY_ROUNDS" "$RATE" <<'PY'
import json, os, statistics, sys
out, rev, sha, new_balance, base_balance = sys.argv[1:6]
latency_rounds, rate = int(sys.argv[6]), sys.argv[7]
lat = {n: [json.load(open(os.path.join(out, f"latency-ab-{n}-{i}.json"))) for i in range(1, latency_rounds + 1)]
       for n in ["new", "baseline"]}
lat_med = {n: (statistics.median(l["p50_ms"] for l in v), statistics.median(l["p99_ms"] for l in v),
               sum(l["sent"] - l["ok"] for l in v)) for n, v in lat.items()}
runs = {"new": [], "baseline": []}
for line in open(os.path.join(out, "ab.txt")):
    name, _, rps, total, non2xx, cpu_us, pg_us, all_us = line.split()
    runs[name].append((float(rps), int(total), int(non2xx), int(cpu_us), int(pg_us), int(all_us)))
med = {n: (statistics.median(r[0] for r in v), statistics.median(r[3] / r[1] for r in v if r[1]),
           statistics.median(r[4] / r[1] for r in v if r[1]), statistics.median(r[5] / r[1] for r in v if r[1]))
       for n, v in runs.items()}
errors = {n: sum(r[2] for r in v) for n, v in runs.items()}
tp_ratio = med["new"][0] / med["baseline"][0]
cpu_ratio = med["new"][1] / med["baseline"][1]
r = ["", f"Against the baseline {rev} ({sha}): {len(runs['new'])} alternating 5-s bursts each, wrk 64 connections, both warm", "",
     "| gateway | median req/s | median CPU per request (µs): gateway | Postgres | whole machine | non-2xx |",
     "|---|---|---|---|---|---|"]
for n in ["baseline", "new"]:
    r.append(f"| {n} | {med[n][0]:,.0f} | {med[n][1]:.1f} | {med[n][2]:.1f} | {med[n][3]:.1f} | {errors[n]} |")
r += ["", f"Open loop at {rate} req/s, {latency_rounds} alternating runs each (median of the runs):", "",
      "| gateway | p50 (ms) | p99 (ms) | failed |", "|---|---|---|---|"]
for n in ["baseline", "new"]:
    r.append(f"| {n} | {lat_med[n][0]:.3f} | {lat_med[n][1]:.3f} | {lat_med[n][2]} |")
added50 = lat_med["new"][0] - lat_med["baseline"][0]
added99 = lat_med["new"][1] - lat_med["baseline"][1]
checks = [
    ("throughput, this build ÷ baseline (median)", f"{tp_ratio:.1%}", ">= 95 %", tp_ratio >= 0.95),
    ("CPU per request, this build ÷ baseline (median)", f"{cpu_ratio:.1%}", "<= 105 %", cpu_ratio <= 1.05),
    ("latency p50 at a fixed rate, this build − baseline (median)", f"{added50:+.3f} ms", "<= +0.1 ms", added50 <= 0.1),
    ("latency p99 at a fixed rate, this build − baseline (median)", f"{added99:+.3f} ms", "(context: p99 of 5,000 requests moves by ms between runs here)", None),
    ("no errors in either", f"{errors['new'] + lat_med['new'][2]} / {errors['baseline'] + lat_med['baseline'][2]}", "0 / 0",
     errors["new"] + lat_med["new"][2] == 0 and errors["baseline"] + lat_med["baseline"][2] == 0),
    ("balance = Σ ledger, both databases", f"{new_balance} / {base_balance}", "t / t", new_balance == "t" and base_balance == "t"),
]
r += ["", "| does not regress | measured | target | met |", "|---|---|---|---|"]
r += [f"| {n} | {v} | {t} | {'—' if m is None else ('yes' if m else 'NO')} |" for n, v, t, m in checks]
text = "\n".join(r)
open(os.path.join(out, "results.md"), "a").write(text + "\n")
print(text)
PY
