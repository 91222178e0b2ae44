"""bench/run.sh's report: reads the raw wrk and load-generator output in OUT, writes OUT/results.md and prints it."""
import glob, json, os, platform, statistics, subprocess, sys

out, rows, balance_ok, rate, static_only = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5] == "1"
tp = {}
for line in open(os.path.join(out, "throughput.txt")):
    name, rps, total, non2xx = line.split()
    tp[name] = (float(rps), int(total), int(non2xx))
lat = {os.path.basename(f)[len("latency-"):-len(".json")]: json.load(open(f)) for f in glob.glob(os.path.join(out, "latency-*.json"))}
# a target measured in rounds (rounds/latency-<name>-r<N>.json): the median of each percentile, the sum of the counts
rounds = {}
for f in sorted(glob.glob(os.path.join(out, "rounds", "latency-*-r*.json"))):
    rounds.setdefault(os.path.basename(f)[len("latency-"):].rsplit("-r", 1)[0], []).append(json.load(open(f)))
for name, runs in rounds.items():
    lat[name] = {k: (sum(r[k] for r in runs) if k in ("sent", "ok", "errors", "warmup_ok") else statistics.median(r[k] for r in runs))
                 for k in runs[0] if isinstance(runs[0][k], (int, float))}
cold = [line.split() for line in open(os.path.join(out, "cold.txt"))]


def wrk_ok(path):
    text = open(path).read()
    total = int(text.split(" requests in")[0].split()[-1])
    non2xx = int(text.split("Non-2xx or 3xx responses:")[1].split()[0]) if "Non-2xx" in text else 0
    return total - non2xx


# every successful gateway response, warm-ups and cold-start bursts included, must have exactly one generation row
gateway_wrk = [f for f in glob.glob(os.path.join(out, "wrk-*.txt"))
               if os.path.basename(f).startswith(("wrk-gateway", "wrk-routed", "wrk-cold-"))]
gateway_lat = [n for n in lat if n.startswith(("gateway", "routed"))]
ok_measured = sum(wrk_ok(f) for f in gateway_wrk) + sum(lat[n]["ok"] + lat[n]["warmup_ok"] for n in gateway_lat)
# wrk stops with up to as many requests in flight as it has connections: the gateway finishes (or cancels) and records them
in_flight_bound = sum(16 if "-c16" in f or "cold" in f or "static-warmup" in f else 64 for f in gateway_wrk)
peak_rss_mb = int(open(os.path.join(out, "gateway-peak-rss-kb")).read()) / 1024
ready_ms = int(open(os.path.join(out, "gateway-ready-ms")).read())
cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], capture_output=True, text=True).stdout.strip()

r = [f"Machine: {os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}", ""]
r.append("Static upstream (nginx serving a fixed 304-byte chat completion, or a 13-event SSE stream of 2,972 bytes):")
r.append("")
r.append("| target | JSON, 16 conns (req/s) | JSON, 64 conns | SSE, 16 conns | SSE, 64 conns |")
r.append("|---|---|---|---|---|")
for label, key in [("static upstream directly", "static"), ("nginx → static", "nginx"), ("gateway → static (auth, credit, metering)", "gateway")]:
    r.append(f"| {label} | " + " | ".join(f"{tp[f'{key}-{kind}-c{c}'][0]:,.0f}" for kind in ["json", "sse"] for c in [16, 64]) + " |")
r.append("")
r.append(f"| latency, open loop at {rate} req/s | p50 (ms) | p99 (ms) | first chunk p50 / p99 (ms) |")
r.append("|---|---|---|---|")
for label, key in [("static directly", "static-json"), ("nginx → static", "nginx-json"), ("gateway → static", "gateway-json"),
                   ("static directly, SSE", "static-sse"), ("nginx → static, SSE", "nginx-sse"), ("gateway → static, SSE", "gateway-sse")]:
    l = lat[key]
    first = f"{l['first_p50_ms']:.3f} / {l['first_p99_ms']:.3f}" if l["first_p50_ms"] >= 0 else "—"
    r.append(f"| {label} | {l['p50_ms']:.3f} | {l['p99_ms']:.3f} | {first} |")
r.append("")
r.append(f"Cold start (gateway → static, 16 connections; ready {ready_ms / 1000:.1f} s after launch): " +
         ", ".join(f"{int(c[0])}–{int(c[0]) + 2} s {float(c[1]):,.0f}" for c in cold) + " req/s")
r.append("")

warm = tp["gateway-json-c16"][0]
cold_at_10 = next((float(c[1]) for c in cold if int(c[0]) == 8), 0.0)
ratio = lambda a, b: tp[a][0] / tp[b][0]
added50 = lat["gateway-json"]["p50_ms"] - lat["static-json"]["p50_ms"]
added99 = lat["gateway-json"]["p99_ms"] - lat["static-json"]["p99_ms"]
first_over = lat["gateway-sse"]["first_p50_ms"] - lat["static-sse"]["first_p50_ms"]
checks = [
    ("non-streaming, 16 conns: gateway ÷ nginx", f"{ratio('gateway-json-c16', 'nginx-json-c16'):.1%}", ">= 40 % (stretch 50 %)",
     ratio("gateway-json-c16", "nginx-json-c16") >= 0.40),
    ("non-streaming, 64 conns: gateway ÷ nginx", f"{ratio('gateway-json-c64', 'nginx-json-c64'):.1%}", "(context)", None),
    ("streaming, 16 conns: gateway ÷ nginx", f"{ratio('gateway-sse-c16', 'nginx-sse-c16'):.1%}", ">= 25 %",
     ratio("gateway-sse-c16", "nginx-sse-c16") >= 0.25),
    ("streaming, 64 conns: gateway ÷ nginx", f"{ratio('gateway-sse-c64', 'nginx-sse-c64'):.1%}", "(context)", None),
    (f"added latency p50 @ {rate} req/s (gateway − static directly)", f"{added50:.3f} ms", "<= 0.3 ms", added50 <= 0.3),
    (f"added latency p99 @ {rate} req/s", f"{added99:.3f} ms", "<= 1 ms", added99 <= 1.0),
    ("streaming first-chunk overhead (p50)", f"{first_over:.3f} ms", "<= 0.5 ms", first_over <= 0.5),
    ("cold start: 8–10 s after launch ÷ warm (16 conns)", f"{cold_at_10 / warm:.0%} ({cold_at_10:,.0f} of {warm:,.0f} req/s)", ">= 50 %",
     cold_at_10 / warm >= 0.5),
    ("gateway peak resident memory under load", f"{peak_rss_mb:.0f} MB", "<= 512 MB", peak_rss_mb <= 512),
    ("generation rows vs successful gateway responses (warm-ups included)",
     f"{rows:,} rows, {ok_measured:,} successes (+{rows - ok_measured} in flight when a load phase stopped)",
     f"none lost: 0 <= rows - successes <= {in_flight_bound} (one per wrk connection per run)", 0 <= rows - ok_measured <= in_flight_bound),
    ("balance = Σ ledger and Σ usage = −Σ generation cost", balance_ok, "t", balance_ok == "t"),
]

if not static_only:
    r.append("Against the fake provider (wrk 64 connections):")
    r.append("")
    r.append(f"| target | throughput (req/s) | p50 @ {rate} req/s (ms) | p99 @ {rate} req/s (ms) | first chunk p50 / p99 (ms) |")
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
    # routing with one of two providers down: every request must still succeed, at a small cost in latency
    rf, rh, g = tp["routed-failing"], tp["routed"], tp["gateway"][0]
    lf, lh = lat["routed-failing"], lat["routed"]
    failing_ok = (rf[1] - rf[2]) / rf[1] if rf[1] else 0
    open_ok = lf["ok"] / lf["sent"] if lf["sent"] else 0
    checks += [
        ("fake provider: gateway ÷ nginx (64 conns)", f"{g / tp['nginx'][0]:.1%}", "(context)", None),
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
