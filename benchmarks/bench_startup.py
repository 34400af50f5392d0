"""Start-up cost: the help screens, `rubric list`, the fixed cost of `check`, and loading both rubrics.

    python benchmarks/bench_startup.py [--runs 7] [--json]

Each command runs `--runs` times in fresh interpreters, the commands taking turns (A B C D A B C D …) so
that a machine shared with other jobs weighs on all of them alike; the table gives the median wall time
and the median CPU time (user + system) of the child, which other jobs disturb less. The fixed cost of
`check` is a quick check of an empty evidence folder (made in a temporary folder): everything but the
reading of files. The rubric figure is measured inside one process: reading, parsing with marks
(libyaml when installed), validating and the semantic checks of both bundled rubrics, first and warm.

Python writes no bytecode when PYTHONDONTWRITEBYTECODE is set: a module without a cached .pyc (an
editable install that never ran without that variable) is then compiled from source on every run, which
a wheel installed by pip never is. The first line says whether the variable is set.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

try:
    import resource
except ImportError:  # Windows: no child CPU times; the CPU column then repeats the wall time
    resource = None  # type: ignore[assignment]

_RUBRIC_PROBE = """
import gc, json, statistics, time
from wenming_cli.cli.run import fewer_collections
fewer_collections()  # as the entry point does
from wenming_cli.rubric import loader, registry, yamlsource
paths = registry.bundled_files()
t0 = time.process_time()
first = [loader.load_rubric_file(p) for p in paths]
first_ms = 1000 * (time.process_time() - t0)
assert all(r.model is not None and not [p for p in r.problems if p.severity == "error"] for r in first)
warm, parse = [], []
for _ in range(20):
    t = time.process_time(); [loader.load_rubric_file(p) for p in paths]; warm.append(time.process_time() - t)
    t = time.process_time(); [yamlsource.load_yaml(p) for p in paths]; parse.append(time.process_time() - t)
print(json.dumps({"rubrics": [p.stem for p in paths], "first_ms": first_ms,
                  "warm_ms": 1000 * statistics.median(warm), "parse_ms": 1000 * statistics.median(parse),
                  "libyaml": yamlsource._CLoader is not None}))
"""


def _commands(empty: Path) -> dict[str, list[str]]:
    quick = ["check", str(empty), "--rubric", "yiyang-2021", "--as-of", "2021-12-01", "--quick", "--no-cache"]
    return {
        "wenming --help": ["--help"],
        "wenming check --help": ["check", "--help"],
        "wenming rubric list": ["rubric", "list"],
        "check --quick (empty folder, json)": [*quick, "--format", "json"],
    }


def _child_cpu() -> float:
    if resource is None:
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run_once(args: list[str]) -> tuple[float, float]:
    before = _child_cpu()
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "wenming_cli", *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    wall = time.perf_counter() - start
    return wall, (_child_cpu() - before) if resource is not None else wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "evidence"
        empty.mkdir()
        commands = _commands(empty)
        for args in commands.values():  # once untimed: bytecode written where allowed, files cached
            _run_once(args)
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(options.runs):
            for name, args in commands.items():
                samples[name].append(_run_once(args))
    probe = subprocess.run([sys.executable, "-c", _RUBRIC_PROBE], capture_output=True, text=True, check=True)
    rubrics = json.loads(probe.stdout)
    rows = {
        name: {
            "wall_ms": round(1000 * statistics.median(w for w, _ in runs)),
            "cpu_ms": round(1000 * statistics.median(c for _, c in runs)),
            "min_wall_ms": round(1000 * min(w for w, _ in runs)),
        }
        for name, runs in samples.items()
    }
    bytecode = (
        "not written (PYTHONDONTWRITEBYTECODE is set)"
        if os.environ.get("PYTHONDONTWRITEBYTECODE")
        else "cached"
    )
    load = f"{os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else "unknown"
    print(
        f"{os.cpu_count()} cores, load average {load}, Python {sys.version.split()[0]}, "
        f"bytecode {bytecode}; medians of {options.runs} runs"
    )
    print(f"{'command':<38}{'wall':>9}{'CPU':>9}{'min wall':>10}")
    for name, row in rows.items():
        print(f"{name:<38}{row['wall_ms']:>7} ms{row['cpu_ms']:>6} ms{row['min_wall_ms']:>7} ms")
    print(
        f"both rubrics ({', '.join(rubrics['rubrics'])}): first load {rubrics['first_ms']:.0f} ms of CPU, "
        f"warm {rubrics['warm_ms']:.0f} ms, of which YAML {rubrics['parse_ms']:.0f} ms "
        f"({'libyaml' if rubrics['libyaml'] else 'pure-Python YAML'})"
    )
    if options.json:
        print(json.dumps({"commands": rows, "rubrics": rubrics, "runs": options.runs}, ensure_ascii=False))


if __name__ == "__main__":
    main()
