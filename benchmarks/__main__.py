"""Run the benchmarks and print one table: each figure next to its same-run baseline and the ratio.

    python -m benchmarks                 # everything (make bench)
    python -m benchmarks --only submit,console
    python -m benchmarks --smoke         # tiny sizes: checks that each benchmark still runs

Raw numbers go to benchmarks/results/latest.json (or --out).
"""

from __future__ import annotations

import argparse
import importlib
import json
import platform
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from benchmarks.common import Options, Result

#: name -> "module:function"; each function takes (options, databases) and returns Results.
BENCHMARKS = {
    "submit": "benchmarks.submit:run",
    "console": "benchmarks.console:run",
    "analysis": "benchmarks.analysis:run",
    "tti": "benchmarks.browser:run_tti",
    "memory": "benchmarks.browser:run_memory",
    "hygiene": "benchmarks.browser:run_hygiene",
    "switch": "benchmarks.room:run_switch",
    "join": "benchmarks.room:run_join",
    "agenda": "benchmarks.room:run_agenda",
    "network": "benchmarks.network:run",
    "proxy": "benchmarks.proxy:run",
    "flood": "benchmarks.flood:run",
}


def machine() -> dict:
    """What the numbers were measured on."""
    import os

    mem = ""
    try:
        mem = next(l for l in open("/proc/meminfo") if l.startswith("MemTotal")).split(":")[1].strip()
    except OSError:
        pass
    return {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
            "memory": mem, "when": datetime.now(timezone.utc).isoformat(timespec="seconds")}


def table(results: list[Result]) -> str:
    """The results as a fixed-width table."""
    head = f"{'benchmark':<9} {'measure':<80} {'value':>10} {'baseline':>10} {'ratio':>7}  target"
    lines = [head, "-" * len(head)]
    for r in results:
        base = f"{r.baseline:10.3f}" if r.baseline is not None else f"{'':>10}"
        ratio = f"{r.ratio:7.2f}" if r.ratio is not None else f"{'':>7}"
        lines.append(f"{r.benchmark:<9} {r.measure[:80]:<80} {r.value:10.3f} {base} {ratio}  {r.target} "
                     f"[{r.unit}]" + (f" ({r.note})" if r.note else ""))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default="", help="comma-separated benchmark names: " + ", ".join(BENCHMARKS))
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, to check every benchmark still runs")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "latest.json",
                        help="where to write the raw numbers (JSON)")
    parser.add_argument("--no-postgres", action="store_true", help="measure SQLite only")
    args = parser.parse_args(argv)
    names = [n for n in args.only.split(",") if n] or list(BENCHMARKS)
    unknown = set(names) - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    options = Options(smoke=args.smoke)
    databases = {"sqlite": f"sqlite:///{options.scratch / 'bench.sqlite3'}"}
    cluster = None
    if "submit" in names and not args.no_postgres:
        from tests.pgcluster import Cluster, pg_binary

        initdb = pg_binary("initdb")
        if initdb is None:
            print("PostgreSQL not installed: submit latency on SQLite only", file=sys.stderr)
        else:
            cluster = Cluster(initdb, durable=True)
            databases["postgresql"] = cluster.start()
    results: list[Result] = []
    failures: list[str] = []
    args.out.parent.mkdir(parents=True, exist_ok=True)

    def save() -> None:
        # After every benchmark, so a run stopped half-way keeps the numbers already measured.
        args.out.write_text(json.dumps({"machine": machine(), "smoke": args.smoke,
                                        "results": [r.as_dict() for r in results], "failures": failures},
                                       indent=2))

    try:
        for name in names:
            module, function = BENCHMARKS[name].split(":")
            started = time.perf_counter()
            print(f"running {name}…", file=sys.stderr, flush=True)
            try:
                results += getattr(importlib.import_module(module), function)(options, databases)
            except Exception as error:  # one broken benchmark must not hide the others' numbers
                failures.append(f"{name}: {type(error).__name__}: {error}")
                print(f"  {name} failed: {error}", file=sys.stderr)
            print(f"  {name} took {time.perf_counter() - started:.0f} s", file=sys.stderr)
            save()
    finally:
        if cluster is not None:
            cluster.stop()
    print(table(results))
    save()
    print(f"\nraw numbers: {args.out}")
    for failure in failures:
        print(f"FAILED {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
