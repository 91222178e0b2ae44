#!/usr/bin/env bash
# Gateway overhead benchmark, in one run on this machine.
#
# The headline (issue #18): a static upstream, nginx answering every POST with the same chat completion or SSE stream
# from a file (bench/static/), so only the proxies' own cost shows. Measured against it, each warm:
#   (a) the static upstream directly, (b) nginx reverse-proxying it, (c) the gateway with auth, credit reservation and
#   metering; non-streaming and streaming, at 16 connections (wrk -t1) and 64 (wrk -t2); gateway ÷ nginx. Each case
#   is measured in rounds of 5-s bursts with the three targets alternating; the medians are compared.
# Then open-loop latency at a fixed rate (500 req/s, bench/openloop.c, latency counted from when a request was
# due) for each, in rounds with the targets alternating, and the time to the first streamed chunk. Before any of that, the cold start: the gateway's
# throughput in 2-s bursts from the moment it is ready until 30 s after it was launched.
# Also: the gateway's peak RSS under load; generation rows vs successful gateway responses; balance = Σ ledger.
# Then the same against the testkit's fake provider (a Java upstream that computes its answers), and routing:
# two providers, then one of them failing every request. Results: .local/bench/results.md (+ raw output).
#
# Warm-up: the gateway gets 5-s wrk bursts until two in a row agree within 10 % (at least 40 s, at most 150 s), once;
# each later gateway case, and the fake, gets bursts until two agree (at least two); nginx one 5-s burst. A JVM needs
# 30-90 s of load on a 2-core VM before the JIT has settled, so a fixed short warm-up measured a cold gateway.
#
# --baseline REV: afterwards, the "does not regress" check. REV's gateway is built in a git worktree (cached under
# .local/bench-baseline/) and runs beside this one against the same static upstream, on its own database; both are
# warmed as above, then measured in alternating 5-s bursts (ABBA order, so neither always runs first). Reported: median
# req/s and CPU time per request of the gateway (utime + stime from /proc/<pid>/stat), of Postgres and of the whole
# machine, new ÷ baseline; then latency from three alternating open-loop runs each at --rate. On a noisy
# VM, alternating bursts side by side are the only comparison that means anything: two runs of one build minutes apart
# have differed by 2x here.
# --compare-only: only that comparison (needs --baseline). --stream: compare streamed requests (the static SSE body). --jfr: both gateways record a JFR profile (settings=profile)
# over the measured bursts, written to .local/bench/{new,baseline}.jfr; bench/flame.sh turns one into a flame graph.
# --static-only: the headline only (no fake provider section, no routing). --quick: the gateway's warm throughput
# against the static upstream and nginx's at 16 connections, nothing else (for iterating on a change; no report).
# --flame: after the warm gateway figures, async-profiler (tools.profiler:async-profiler from Maven Central, attached
# with jcmd JVMTI.agent_load) samples the gateway's CPU over a JSON and an SSE burst at 16 connections and writes
# flame graphs to .local/bench/flame-{json,sse}.html (and collapsed stacks beside them).
# GATEWAY_JAR (env): measure another build's gateway (e.g. a baseline built by --baseline, for before/after figures
# from the same script). GATEWAY_JAVA_OPTS (env): extra JVM options for every gateway started; NEW_JAVA_OPTS: only
# for this build's in the comparison (to compare a setting against the same code without it: --baseline HEAD).
# --headline-rounds N: rounds of alternating 5-s bursts per headline case (default 3; medians are reported).
# --latency-rounds N: rounds of the open-loop latency runs, targets alternating (default 3; medians reported; also the
# number of alternating runs each in the --baseline comparison).
# Usage: bench/run.sh [--seconds 10] [--rate 500] [--static-only | --quick] [--flame] [--headline-rounds 3]
#                     [--latency-rounds 3]
#                     [--baseline REV [--rounds 8] [--compare-only] [--stream] [--jfr]]
set -euo pipefail
source "$(dirname "$0")/../deploy/local/lib.sh"
SECONDS_PER_RUN=10
RATE=500
BASELINE=""
ROUNDS=8
COMPARE_ONLY=0
AB_BODY=static.json
AB_STREAM=""
JFR=0
STATIC_ONLY=0
QUICK=0
FLAME=0
ASYNC_PROFILER_VERSION=4.2
HEADLINE_ROUNDS=3
LATENCY_ROUNDS=3
while (( $# )); do
  case "$1" in
    --seconds) SECONDS_PER_RUN=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --baseline) BASELINE=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --compare-only) COMPARE_ONLY=1; shift ;;
    --stream) AB_BODY=static-stream.json; AB_STREAM=--stream; shift ;;
    --jfr) JFR=1; shift ;;
    --static-only) STATIC_ONLY=1; shift ;;
    --quick) QUICK=1; STATIC_ONLY=1; shift ;;
    --flame) FLAME=1; shift ;;
    --headline-rounds) HEADLINE_ROUNDS=$2; shift 2 ;;
    --latency-rounds) LATENCY_ROUNDS=$2; shift 2 ;;
    *) die "unknown argument $1" ;;
  esac
done
OUT="$ROOT/.local/bench"
rm -rf "$OUT"; mkdir -p "$OUT"
JAVA_HOME=$(find_jdk); export JAVA_HOME
FAKE_PORT=18090; NGINX_PORT=18091; STATIC_PORT=18092; GATEWAY_PORT=18080; GATEWAY_MANAGEMENT_PORT=19080
BASELINE_PORT=18082; BASELINE_MANAGEMENT_PORT=19082
DB=switchboard_bench
BASELINE_DB=switchboard_bench_baseline
(( ! COMPARE_ONLY )) || [[ -n "$BASELINE" ]] || die "--compare-only compares with a baseline: give --baseline REV"
if [[ -n "$BASELINE" ]]; then
  BASELINE_SHA=$(git -C "$ROOT" rev-parse --verify "$BASELINE^{commit}") || die "--baseline $BASELINE is not a commit"
fi

for tool in wrk nginx psql sha256sum cc; do
  if ! command -v "$tool" > /dev/null && [[ ! -x /usr/sbin/$tool ]]; then
    [[ $(id -u) -eq 0 ]] || die "$tool is missing (apt-get install wrk nginx-light postgresql-client gcc)"
    log "installing wrk, nginx-light and gcc"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx-light gcc > /dev/null
  fi
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
# the open-loop latency tool (bench/openloop.c says why it is not a JVM program)
mkdir -p "$ROOT/.local"
OPENLOOP="$ROOT/.local/openloop"
[[ "$OPENLOOP" -nt "$ROOT/bench/openloop.c" ]] || cc -O2 -Wall -o "$OPENLOOP" "$ROOT/bench/openloop.c" || die "cannot compile bench/openloop.c"

if [[ ! -f "$ROOT/gateway-service/target/quarkus-app/quarkus-run.jar" || ! -f "$ROOT/testkit/target/fake-provider.classpath" ]]; then
  log "building"; (cd "$ROOT" && ./mvnw -B -q install -DskipTests)
fi
TESTKIT_CP="$ROOT/testkit/target/switchboard-testkit-0.1.0-SNAPSHOT.jar:$(cat "$ROOT/testkit/target/fake-provider.classpath")"

if (( FLAME )); then
  AP_JAR="$HOME/.m2/repository/tools/profiler/async-profiler/$ASYNC_PROFILER_VERSION/async-profiler-$ASYNC_PROFILER_VERSION.jar"
  [[ -f "$AP_JAR" ]] || (cd "$ROOT" && ./mvnw -B -q dependency:get -Dartifact=tools.profiler:async-profiler:$ASYNC_PROFILER_VERSION -Dtransitive=false) \
    || die "async-profiler $ASYNC_PROFILER_VERSION is not in the Maven repository"
  AP_DIR="$ROOT/.local/async-profiler-$ASYNC_PROFILER_VERSION"
  mkdir -p "$AP_DIR" && unzip -o -q "$AP_JAR" "linux-$(uname -m | sed 's/x86_64/x64/; s/aarch64/arm64/')/*" -d "$AP_DIR"
  AP_LIB=$(ls "$AP_DIR"/linux-*/libasyncProfiler.so)
fi

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

log "nginx: the static upstream on $STATIC_PORT, the reverse proxy on $NGINX_PORT"
# nginx's static module refuses a POST with 405; error_page turns that into the file, answered 200 (the body is read
# and discarded, as a real upstream would). Fixed Content-Length for the JSON; the SSE as text/event-stream.
cat > "$OUT/nginx.conf" <<NGINX
worker_processes auto;
pid $OUT/nginx.pid;
error_log $OUT/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  etag off;
  upstream fake { server 127.0.0.1:$FAKE_PORT; keepalive 128; }
  upstream static { server 127.0.0.1:$STATIC_PORT; keepalive 128; }
  server {
    listen 127.0.0.1:$STATIC_PORT;
    root $ROOT/bench/static;
    location = /plain/v1/chat/completions { error_page 405 =200 /chat-completion.json; return 405; }
    location = /sse/v1/chat/completions { error_page 405 =200 /chat-completion.sse; return 405; }
    location = /chat-completion.json { internal; default_type application/json; }
    location = /chat-completion.sse { internal; default_type text/event-stream; }
  }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_buffering off;
    location /plain/ { proxy_pass http://static; }
    location /sse/ { proxy_pass http://static; }
    location / { proxy_pass http://fake; }
  }
}
NGINX
"$NGINX" -c "$OUT/nginx.conf" -p "$OUT"
wait_http "http://127.0.0.1:$NGINX_PORT/health" 10

start_gateway() { # jar port management-port database log [java options]; sets STARTED_PID and LAUNCHED_MS
  LAUNCHED_MS=$(date +%s%3N)
  SWITCHBOARD_CATALOG="$ROOT/bench/catalog.yaml" SWITCHBOARD_BENCH_STATIC_URL="http://127.0.0.1:$STATIC_PORT" \
  SWITCHBOARD_DB_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$4" SWITCHBOARD_DB_REACTIVE_URL="postgresql://127.0.0.1:5432/$4" \
  SWITCHBOARD_FAKE_PROVIDER_URL="http://127.0.0.1:$FAKE_PORT" QUARKUS_HTTP_PORT=$2 QUARKUS_MANAGEMENT_PORT=$3 \
  SWITCHBOARD_METERING_JOURNAL="${BENCH_JOURNAL_ROOT:-$OUT}/metering-journal-$2-$LAUNCHED_MS" \
    "$JAVA_HOME/bin/java" -Xmx512m ${JFR_OPTS:-} ${GATEWAY_JAVA_OPTS:-} ${6:-} -jar "$1" > "$5" 2>&1 &
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
start_gateway "${GATEWAY_JAR:-$ROOT/gateway-service/target/quarkus-app/quarkus-run.jar}" $GATEWAY_PORT $GATEWAY_MANAGEMENT_PORT $DB "$OUT/gateway.log"
GATEWAY_PID=$STARTED_PID
GATEWAY_LAUNCHED_MS=$LAUNCHED_MS
echo $(( $(date +%s%3N) - LAUNCHED_MS )) > "$OUT/gateway-ready-ms"
seed $DB

MSG='"messages": [{"role": "user", "content": "Say hello to me"}]'
echo "{\"model\": \"echo\", \"max_tokens\": 8, $MSG}" > "$OUT/direct.json"
echo "{\"model\": \"echo\", \"max_tokens\": 8, \"stream\": true, \"stream_options\": {\"include_usage\": true}, $MSG}" > "$OUT/direct-stream.json"
echo "{\"model\": \"switchboard/echo\", \"max_tokens\": 8, $MSG}" > "$OUT/gateway.json"
echo "{\"model\": \"switchboard/echo\", \"max_tokens\": 8, \"stream\": true, $MSG}" > "$OUT/gateway-stream.json"
echo "{\"model\": \"switchboard/echo-routed\", \"max_tokens\": 8, $MSG}" > "$OUT/routed.json"
echo "{\"model\": \"static\", \"max_tokens\": 16, $MSG}" > "$OUT/static-direct.json"
echo "{\"model\": \"static\", \"max_tokens\": 16, \"stream\": true, \"stream_options\": {\"include_usage\": true}, $MSG}" > "$OUT/static-direct-stream.json"
echo "{\"model\": \"bench/static\", \"max_tokens\": 16, $MSG}" > "$OUT/static.json"
echo "{\"model\": \"bench/static-stream\", \"max_tokens\": 16, \"stream\": true, $MSG}" > "$OUT/static-stream.json"
DIRECT="http://127.0.0.1:$FAKE_PORT/openai/v1/chat/completions"
VIA_NGINX="http://127.0.0.1:$NGINX_PORT/openai/v1/chat/completions"
STATIC_JSON="http://127.0.0.1:$STATIC_PORT/plain/v1/chat/completions"
STATIC_SSE="http://127.0.0.1:$STATIC_PORT/sse/v1/chat/completions"
NGINX_JSON="http://127.0.0.1:$NGINX_PORT/plain/v1/chat/completions"
NGINX_SSE="http://127.0.0.1:$NGINX_PORT/sse/v1/chat/completions"
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
burst() { # seconds url body key output-file [connections]: one wrk run; prints "req/s requests non-2xx"
  local conns=${6:-64}
  BODY_FILE=$3 KEY=$4 wrk -t$(( conns >= 64 ? 2 : 1 )) -c"$conns" -d"$1"s --latency -s "$ROOT/bench/post.lua" "$2" > "$5"
  local non2xx
  non2xx=$(awk '/Non-2xx/ {print $5}' "$5")
  echo "$(awk '/Requests\/sec/ {print $2}' "$5") $(awk '/requests in/ {print $1}' "$5") ${non2xx:-0}"
}
# 5-s bursts until two in a row agree within 10 %, after at least $5 bursts (at most 150 s). Agreement alone is not
# enough for a fresh JVM: it can sit on a plateau while C2 compiles (2,354 then 2,474 req/s at 10-15 s, 12,000 at
# 40 s, seen on this VM), hence at least 8 bursts (40 s) the first time.
warm_up() { # name url body key min-bursts [connections]
  local i=0 prev=0 rps rest
  while :; do
    i=$((i + 1))
    read -r rps rest < <(burst 5 "$2" "$3" "$4" "$OUT/wrk-$1-warmup-$i.txt" "${6:-64}")
    log "  warm-up $1 #$i: $rps req/s"
    if (( i >= $5 )) && python3 -c "import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); sys.exit(0 if abs(a - b) <= 0.1 * max(a, b) else 1)" "$prev" "$rps"; then
      break
    fi
    (( i < 30 )) || { log "  $1 did not settle within 150 s; measuring anyway"; break; }
    prev=$rps
  done
}
throughput() { # name url body key min-warm-up-bursts [connections]
  local conns=${6:-64}
  log "throughput: $1 (wrk, $conns connections, ${SECONDS_PER_RUN}s)"
  warm_up "$1" "$2" "$3" "$4" "$5" "$conns"
  local rps total non2xx
  read -r rps total non2xx < <(burst "$SECONDS_PER_RUN" "$2" "$3" "$4" "$OUT/wrk-$1.txt" "$conns")
  echo "$1 $rps $total $non2xx" >> "$OUT/throughput.txt"
  log "  $rps req/s ($total requests, $non2xx non-2xx)"
}
latency() { # name url body key [--stream]; a name ending in -r<N> is one round of several (written under rounds/)
  local file="$OUT/latency-$1.json"
  [[ "$1" != *-r[0-9]* ]] || { mkdir -p "$OUT/rounds"; file="$OUT/rounds/latency-$1.json"; }
  log "latency: $1 (open loop, $RATE req/s, ${SECONDS_PER_RUN}s)"
  "$OPENLOOP" --url "$2" --body "$3" --header "Authorization: Bearer $4" --rate "$RATE" --seconds "$SECONDS_PER_RUN" \
    --warmup 3 ${5:-} | tee "$file"
}

# One case of the headline (json or sse, at N connections): each target warmed, then HEADLINE_ROUNDS rounds of 5-s
# bursts, the three targets side by side in an order that rotates every round; each target's median goes to
# throughput.txt. Bursts of one target vary by ±15 % on this VM, and a slow minute hits all three alike.
headline() { # kind connections
  local kind=$1 conns=$2 round t rps total non2xx
  local -A url=([static-json]=$STATIC_JSON [static-sse]=$STATIC_SSE [nginx-json]=$NGINX_JSON [nginx-sse]=$NGINX_SSE
                [gateway-json]=$GATEWAY [gateway-sse]=$GATEWAY)
  local -A body=([static-json]=$OUT/static-direct.json [static-sse]=$OUT/static-direct-stream.json
                 [nginx-json]=$OUT/static-direct.json [nginx-sse]=$OUT/static-direct-stream.json
                 [gateway-json]=$OUT/static.json [gateway-sse]=$OUT/static-stream.json)
  local targets=(static nginx gateway)
  log "throughput: $kind, $conns connections ($HEADLINE_ROUNDS rounds of 5-s bursts, targets alternating)"
  warm_up "static-$kind-c$conns" "${url[static-$kind]}" "${body[static-$kind]}" "" 1 "$conns"
  warm_up "nginx-$kind-c$conns" "${url[nginx-$kind]}" "${body[nginx-$kind]}" "" 1 "$conns"
  warm_up "gateway-$kind-c$conns" "$GATEWAY" "${body[gateway-$kind]}" "$KEY" 2 "$conns"
  for round in $(seq 1 "$HEADLINE_ROUNDS"); do
    for i in 0 1 2; do
      t=${targets[$(( (i + round) % 3 ))]}
      local g0 p0 m0 g1 p1 m1
      g0=$(cpu_ticks $GATEWAY_PID); p0=$(pg_ticks); m0=$(machine_ticks)
      read -r rps total non2xx < <(burst 5 "${url[$t-$kind]}" "${body[$t-$kind]}" "$([[ $t == gateway ]] && echo "$KEY")" \
        "$OUT/wrk-$t-$kind-c$conns-r$round.txt" "$conns")
      g1=$(cpu_ticks $GATEWAY_PID); p1=$(pg_ticks); m1=$(machine_ticks)
      echo "$t-$kind-c$conns $round $rps $total $non2xx" >> "$OUT/headline.txt"
      # CPU per request (µs) while the gateway was measured: the gateway's own, Postgres's (metering), the machine's
      [[ $t != gateway ]] || echo "$kind-c$conns $round $(( (g1 - g0) * 1000000 / CLK_TCK / total ))" \
        "$(( (p1 - p0) * 1000000 / CLK_TCK / total )) $(( (m1 - m0) * 1000000 / CLK_TCK / total ))" >> "$OUT/gateway-cpu.txt"
    done
    log "  round $round: $(grep -E "^(static|nginx|gateway)-$kind-c$conns $round " "$OUT/headline.txt" | awk '{printf "%s %s  ", $1, $3}')"
  done
  for t in "${targets[@]}"; do
    python3 -c "import statistics, sys; r = [l.split() for l in open(sys.argv[1]) if l.split()[0] == sys.argv[2]]
print(sys.argv[2], statistics.median(float(x[2]) for x in r), sum(int(x[3]) for x in r), sum(int(x[4]) for x in r))" \
      "$OUT/headline.txt" "$t-$kind-c$conns" >> "$OUT/throughput.txt"
  done
}

# samples the gateway's CPU (async-profiler, wall-clock-free: itimer/cpu) over one burst; a flame graph and collapsed stacks
profiled_burst() { # name url body
  log "flame graph: $1 (async-profiler over a ${SECONDS_PER_RUN}-s burst, 16 connections)"
  # jcmd reads name=value pairs from its arguments: async-profiler's options go in as one quoted string
  "$JAVA_HOME/bin/jcmd" $GATEWAY_PID JVMTI.agent_load "$AP_LIB" "\"start,event=cpu,interval=1ms\"" > /dev/null
  burst "$SECONDS_PER_RUN" "$2" "$3" "$KEY" "$OUT/wrk-gateway-flame-$1-c16.txt" 16 > /dev/null
  "$JAVA_HOME/bin/jcmd" $GATEWAY_PID JVMTI.agent_load "$AP_LIB" "\"dump,collapsed,file=$OUT/flame-$1.collapsed\"" > /dev/null
  "$JAVA_HOME/bin/jcmd" $GATEWAY_PID JVMTI.agent_load "$AP_LIB" "\"stop,file=$OUT/flame-$1.html,title=gateway-$1-16-connections\"" > /dev/null
  [[ -s "$OUT/flame-$1.html" ]] || die "async-profiler wrote no flame graph (see $OUT/gateway.log)"
  log "  $OUT/flame-$1.html"
}

if (( QUICK )); then
  warm_up gateway-static "$GATEWAY" "$OUT/static.json" "$KEY" 8 16
  headline json 16
  headline sse 16
  if (( FLAME )); then
    profiled_burst json "$GATEWAY" "$OUT/static.json"; profiled_burst sse "$GATEWAY" "$OUT/static-stream.json"
  fi
  awk '{print $1, $2}' "$OUT/throughput.txt"
  awk '{print "CPU µs per request, " $1 " round " $2 ": gateway " $3 ", Postgres " $4 ", machine " $5}' "$OUT/gateway-cpu.txt"
  python3 -c "import sys; t = {l.split()[0]: float(l.split()[1]) for l in open(sys.argv[1])}; print('JSON gateway/nginx %.1f %%, SSE %.1f %%' % (100 * t['gateway-json-c16'] / t['nginx-json-c16'], 100 * t['gateway-sse-c16'] / t['nginx-sse-c16']))" "$OUT/throughput.txt"
  exit 0
fi

if (( ! COMPARE_ONLY )); then
# ---- cold start: 2-s bursts (16 connections, the static upstream) from the first even second after ready to 30 s ----
log "cold start: ready $(cat "$OUT/gateway-ready-ms") ms after launch; 2-s bursts until 30 s after launch"
: > "$OUT/cold.txt"
at=$(( ($(cat "$OUT/gateway-ready-ms") + 1999) / 2000 * 2 ))
(( at >= 2 )) || at=2
while (( at < 30 )); do
  wait_ms=$(( GATEWAY_LAUNCHED_MS + at * 1000 - $(date +%s%3N) ))
  (( wait_ms <= 0 )) || sleep "$(printf '%d.%03d' $((wait_ms / 1000)) $((wait_ms % 1000)))"
  read -r rps total non2xx < <(burst 2 "$GATEWAY" "$OUT/static.json" "$KEY" "$OUT/wrk-cold-$at.txt" 16)
  echo "$at $rps $total $non2xx" >> "$OUT/cold.txt"
  log "  ${at}-$((at + 2)) s after launch: $rps req/s ($non2xx non-2xx)"
  at=$(( at + 2 ))
done

# ---- the headline: the static upstream directly, nginx in front of it, the gateway in front of it ----
# the gateway's one long warm-up (the JIT), then each case
warm_up gateway-static "$GATEWAY" "$OUT/static.json" "$KEY" 8 16
for conns in 16 64; do
  headline json $conns
  headline sse $conns
done
if (( FLAME )); then
  profiled_burst json "$GATEWAY" "$OUT/static.json"; profiled_burst sse "$GATEWAY" "$OUT/static-stream.json"
fi
# Latency like throughput: rounds with the three targets alternating, the medians compared. One run each swung the
# gateway's added p50 between 0.26 and 0.53 ms from one run to the next on this VM.
for round in $(seq 1 "$LATENCY_ROUNDS"); do
  for i in 0 1 2; do
    case $(( (i + round) % 3 )) in
      0) latency "static-json-r$round" "$STATIC_JSON" "$OUT/static-direct.json" ""
         latency "static-sse-r$round" "$STATIC_SSE" "$OUT/static-direct-stream.json" "" --stream ;;
      1) latency "nginx-json-r$round" "$NGINX_JSON" "$OUT/static-direct.json" ""
         latency "nginx-sse-r$round" "$NGINX_SSE" "$OUT/static-direct-stream.json" "" --stream ;;
      2) latency "gateway-json-r$round" "$GATEWAY" "$OUT/static.json" "$KEY"
         latency "gateway-sse-r$round" "$GATEWAY" "$OUT/static-stream.json" "$KEY" --stream ;;
    esac
  done
done

if (( ! STATIC_ONLY )); then
# ---- against the fake provider (a Java upstream computing its answers), and routing ----
throughput direct "$DIRECT" "$OUT/direct.json" "$FAKE_KEY" 8
throughput nginx "$VIA_NGINX" "$OUT/direct.json" "$FAKE_KEY" 2
throughput gateway "$GATEWAY" "$OUT/gateway.json" "$KEY" 2
throughput gateway-stream "$GATEWAY" "$OUT/gateway-stream.json" "$KEY" 2
latency direct "$DIRECT" "$OUT/direct.json" "$FAKE_KEY"
latency nginx "$VIA_NGINX" "$OUT/direct.json" "$FAKE_KEY"
latency gateway "$GATEWAY" "$OUT/gateway.json" "$KEY"
latency direct-stream "$DIRECT" "$OUT/direct-stream.json" "$FAKE_KEY" --stream
latency gateway-stream "$GATEWAY" "$OUT/gateway-stream.json" "$KEY" --stream

# routing: two providers healthy, then one of them (routed-b, the cheaper, chosen first ~86 % of the time) failing
throughput routed "$GATEWAY" "$OUT/routed.json" "$KEY" 2
latency routed "$GATEWAY" "$OUT/routed.json" "$KEY"
log "routing: routed-b answers 503 to every request from now on"
curl -fsS -o /dev/null -X PUT "http://127.0.0.1:$FAKE_PORT/__fake/faults/routed-b" -H 'Content-Type: application/json' -d '{"error": 503}'
throughput routed-failing "$GATEWAY" "$OUT/routed.json" "$KEY" 2
latency routed-failing "$GATEWAY" "$OUT/routed.json" "$KEY"
curl -fsS "http://127.0.0.1:$FAKE_PORT/__fake/stats" > "$OUT/fake-stats.json" || true
curl -fsS -o /dev/null -X DELETE "http://127.0.0.1:$FAKE_PORT/__fake/faults"
fi

sleep 2 # the last metering batch
ROWS=$(psql -h 127.0.0.1 -U postgres -d $DB -Atc "SELECT count(*) FROM generations")
BALANCE_OK=$(balance_ok $DB)

python3 "$ROOT/bench/report.py" "$OUT" "$ROWS" "$BALANCE_OK" "$RATE" "$STATIC_ONLY"
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
start_gateway "$ROOT/gateway-service/target/quarkus-app/quarkus-run.jar" $GATEWAY_PORT $GATEWAY_MANAGEMENT_PORT $DB "$OUT/gateway-ab.log" "${NEW_JAVA_OPTS:-}"
GATEWAY_PID=$STARTED_PID
start_gateway "$BASELINE_JAR" $BASELINE_PORT $BASELINE_MANAGEMENT_PORT $BASELINE_DB "$OUT/baseline-gateway.log"
BASELINE_PID=$STARTED_PID
seed $DB; seed $BASELINE_DB
BASELINE_URL="http://127.0.0.1:$BASELINE_PORT/api/v1/chat/completions"
warm_up baseline "$BASELINE_URL" "$OUT/$AB_BODY" "$KEY" 8 16
warm_up new "$GATEWAY" "$OUT/$AB_BODY" "$KEY" 8 16
ab_burst() { # name url pid round
  local before after pg_before pg_after all_before all_after rps total non2xx
  before=$(cpu_ticks "$3"); pg_before=$(pg_ticks); all_before=$(machine_ticks)
  read -r rps total non2xx < <(burst 5 "$2" "$OUT/$AB_BODY" "$KEY" "$OUT/wrk-ab-$1-$4.txt" 16)
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
for round in $(seq 1 $LATENCY_ROUNDS); do
  if (( round % 2 )); then
    latency "ab-new-$round" "$GATEWAY" "$OUT/$AB_BODY" "$KEY" $AB_STREAM
    latency "ab-baseline-$round" "$BASELINE_URL" "$OUT/$AB_BODY" "$KEY" $AB_STREAM
  else
    latency "ab-baseline-$round" "$BASELINE_URL" "$OUT/$AB_BODY" "$KEY" $AB_STREAM
    latency "ab-new-$round" "$GATEWAY" "$OUT/$AB_BODY" "$KEY" $AB_STREAM
  fi
done
if (( JFR )); then
  "$JAVA_HOME/bin/jcmd" $GATEWAY_PID JFR.dump name=ab filename="$OUT/new.jfr" > /dev/null
  "$JAVA_HOME/bin/jcmd" $BASELINE_PID JFR.dump name=ab filename="$OUT/baseline.jfr" > /dev/null
  log "profiles: $OUT/new.jfr, $OUT/baseline.jfr"
fi
sleep 2 # the last metering batch
python3 "$ROOT/bench/compare_report.py" "$OUT" "$BASELINE" "${BASELINE_SHA:0:10}" "$(balance_ok $DB)" "$(balance_ok $BASELINE_DB)" "$LATENCY_ROUNDS" "$RATE"
