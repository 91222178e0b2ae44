"""bench/run.sh --baseline's report: this build against the baseline, from the alternating bursts in OUT; appends to
OUT/results.md and prints it."""
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
r = ["", f"Against the baseline {rev} ({sha}): {len(runs['new'])} alternating 5-s bursts each, static upstream, wrk 16 connections, both warm", "",
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
