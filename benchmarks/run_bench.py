"""Time wenming against its yardsticks in one run, and check that it finds what the generator planted.

    python benchmarks/run_bench.py --work /tmp/wenming-bench --sizes 200 1000 3000 [--json out.json]
                                   [--warm] [--repeat 3]

For each size a tree is generated once (benchmarks/gen_tree.py, outside the repository) and timed:
`wenming check --quick`, `wenming check` (no cache), a first and a second `check` with the cache, the
bare header loop and the bare deep loop (benchmarks/bare_loops.py), `exiftool -r -json -fast2`; once,
`jpegoptim --size=1900k` against `wenming photo fit` on the same 20 photos. Caches are dropped before
each cold run when the system allows it (root and a writable /proc/sys/vm/drop_caches); otherwise every
run is warm and the table says so; `--warm` never drops them. `--repeat N` times each run N times in turn
and keeps the median (the cached runs once). Peak RSS is GNU time's %M: the largest single process
of the command, the main one or a worker it waited for.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable
CODES = (
    "PHOTO-TRUNCATED",
    "PHOTO-CORRUPT",
    "FILE-TYPE-MISMATCH",
    "PHOTO-EXIF-MISSING",
    "PHOTO-DUPLICATE",
    "PHOTO-NEAR-DUPLICATE",
    "PHOTO-SIZE",
    "FILE-EMPTY",
)
FULL_ONLY = {"PHOTO-NEAR-DUPLICATE", "PHOTO-CORRUPT"}


def drop_caches() -> bool:
    try:
        os.sync()
        with open("/proc/sys/vm/drop_caches", "w") as handle:
            handle.write("3\n")
        return True
    except OSError:
        return False


def timed(cmd: list[str], env: dict[str, str] | None = None, stdout=subprocess.DEVNULL) -> dict[str, object]:
    gnu_time = shutil.which("time") or ("/usr/bin/time" if Path("/usr/bin/time").exists() else None)
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        full = [gnu_time, "-f", "%M %U %S", "-o", report.name, *cmd] if gnu_time else cmd
        start = time.perf_counter()
        proc = subprocess.run(full, env=env, stdout=stdout, stderr=subprocess.PIPE, text=True)
        elapsed = time.perf_counter() - start
        rss = report.read().strip().splitlines()[-1:] if gnu_time else []
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{cmd[:3]} failed ({proc.returncode}): {proc.stderr[-800:]}")
    fields = rss[0].split() if rss else []
    return {
        "seconds": round(elapsed, 3),
        "peak_rss_mb": round(int(fields[0]) / 1024, 1) if fields else None,
        # user + system time of the command and the children it waited for (its worker processes)
        "cpu_s": round(float(fields[1]) + float(fields[2]), 2) if len(fields) == 3 else None,
        "out": proc,
    }


def wenming(tree: Path, *extra: str) -> list[str]:
    return [
        PY,
        "-m",
        "wenming_cli",
        "check",
        str(tree),
        "--as-of",
        "2021-12-01",
        "--fail-on",
        "never",
        *extra,
    ]


def counts(findings: list[dict]) -> dict[str, int]:
    found = collections.Counter(f["code"] for f in findings)
    return {code: found[code] for code in CODES}


def bench_size(work: Path, photos: int, cold: bool, repeat: int = 1) -> dict[str, object]:
    tree = work / f"tree-{photos}"
    if not tree.exists():
        subprocess.run([PY, str(HERE / "gen_tree.py"), str(tree), "--photos", str(photos)], check=True)
    expected = json.loads((work / f"tree-{photos}.expected.json").read_text(encoding="utf-8"))["expected"]
    planted = set(expected.pop("near_duplicate_paths", []))
    env = dict(os.environ, WENMING_CACHE_DIR=str(work / f"cache-{photos}"))
    shutil.rmtree(work / f"cache-{photos}", ignore_errors=True)
    files = sum(1 for p in tree.rglob("*") if p.is_file())
    runs: dict[str, dict[str, object]] = {}
    correctness: dict[str, dict[str, object]] = {}

    def run(name: str, cmd: list[str], json_out: bool = False, use_env=None, pipe=False) -> None:
        trials = []
        for _ in range(1 if name.startswith("full_cache") else repeat):  # a cache run cannot be repeated
            if cold:
                drop_caches()
            trials.append(
                timed(cmd, env=use_env, stdout=subprocess.PIPE if pipe or json_out else subprocess.DEVNULL)
            )
        result = sorted(trials, key=lambda t: t["seconds"])[len(trials) // 2]  # the median run
        if len(trials) > 1:
            result["all_seconds"] = [t["seconds"] for t in trials]
        proc = result.pop("out")
        result["files_per_s"] = round(files / result["seconds"], 1)  # type: ignore[operator]
        runs[name] = result
        if json_out:
            findings = json.loads(proc.stdout)["findings"]  # type: ignore[union-attr]
            got = counts(findings)
            want = {c: (0 if name == "quick" and c in FULL_ONLY else n) for c, n in expected.items()}
            # A planted copy may be reported on its original instead (whichever the walk meets last).
            pairs = {
                (f["path"], re.search(r"“(.*?)”", f["message"]).group(1))  # type: ignore[union-attr]
                for f in findings
                if f["code"] == "PHOTO-NEAR-DUPLICATE"
            }
            hit = {p for pair in pairs for p in pair if p in planted}
            unplanted = sorted(pair for pair in pairs if not set(pair) & planted)
            missed = sorted(planted - hit) if name != "quick" else []
            exact = {c: n for c, n in got.items() if c != "PHOTO-NEAR-DUPLICATE"}
            exact_want = {c: n for c, n in want.items() if c != "PHOTO-NEAR-DUPLICATE"}
            correctness[name] = {
                "ok": exact == exact_want and not missed,
                "expected": want,
                "found": got,
                "near_duplicates_missed": missed,
                "near_duplicates_not_planted": unplanted,  # distinct generated shots within the threshold
            }

    run("quick", wenming(tree, "--quick", "--no-cache", "--format", "json"), json_out=True)
    run("header_loop", [PY, str(HERE / "bare_loops.py"), "header", str(tree)])
    if shutil.which("exiftool"):
        run("exiftool_fast2", ["exiftool", "-r", "-json", "-fast2", str(tree)])
    run("full", wenming(tree, "--no-cache", "--format", "json"), json_out=True)
    run("deep_loop", [PY, str(HERE / "bare_loops.py"), "deep", str(tree)])
    run("full_cache_first", wenming(tree, "--format", "json"), json_out=True, use_env=env)
    run("full_cache_second", wenming(tree, "--format", "json"), json_out=True, use_env=env)
    r = {k: v["seconds"] for k, v in runs.items()}
    ratios = {
        "exiftool_over_quick": round(r["exiftool_fast2"] / r["quick"], 2) if "exiftool_fast2" in r else None,
        "quick_over_header_loop": round(r["quick"] / r["header_loop"], 2),
        "full_over_deep_loop": round(r["full"] / r["deep_loop"], 2),
        "cache_first_over_second": round(r["full_cache_first"] / r["full_cache_second"], 2),
    }
    return {"photos": photos, "files": files, "runs": runs, "ratios": ratios, "correctness": correctness}


def bench_fit(work: Path) -> dict[str, object] | None:
    source = sorted((work / "tree-200").rglob("IMG_*.jpg"))
    source = [p for p in source if p.stat().st_size > 1_000_000][:20]
    if not source:
        return None
    out: dict[str, object] = {"photos": len(source)}
    sample = work / "fit-sample"
    shutil.rmtree(sample, ignore_errors=True)
    sample.mkdir()
    for i, path in enumerate(source):
        shutil.copy(path, sample / f"{i:02d}.jpg")
    fitted = work / "fit-out"
    shutil.rmtree(fitted, ignore_errors=True)
    result = timed(
        [PY, "-m", "wenming_cli", "photo", "fit", str(sample), "-o", str(fitted), "--rubric", "yiyang-2021"]
    )
    result.pop("out")
    out["wenming_photo_fit"] = {**result, "per_photo_s": round(result["seconds"] / len(source), 3)}  # type: ignore[operator]
    if shutil.which("jpegoptim"):
        optimised = work / "jpegoptim-out"
        shutil.rmtree(optimised, ignore_errors=True)
        optimised.mkdir()
        result = timed(
            ["jpegoptim", "--size=1900k", "-d", str(optimised), *map(str, sorted(sample.glob("*.jpg")))]
        )
        result.pop("out")
        out["jpegoptim"] = {**result, "per_photo_s": round(result["seconds"] / len(source), 3)}  # type: ignore[operator]
    else:
        out["jpegoptim"] = "not installed"
    return out


def table(results: list[dict[str, object]]) -> str:
    lines = [
        "| photos | run | seconds | CPU s | files/s | peak RSS MB | faults found | unplanted near dup. |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for res in results:
        for name, run in res["runs"].items():  # type: ignore[union-attr]
            c = res["correctness"].get(name, {})  # type: ignore[union-attr]
            ok = {True: "all", False: "MISMATCH"}.get(c.get("ok"), "")
            extra = len(c["near_duplicates_not_planted"]) if c else ""
            lines.append(
                f"| {res['photos']} | {name} | {run['seconds']} | {run.get('cpu_s')} | {run['files_per_s']} "
                f"| {run['peak_rss_mb']} "
                f"| {ok} | {extra} |"
            )
    lines += [
        "",
        "| photos | exiftool/quick (≥5) | quick/header loop (≤2) | full/deep loop (≤1.15) | cache 1st/2nd (≥10) |",
    ]
    lines.append("|---|---|---|---|---|")
    for res in results:
        q = res["ratios"]
        lines.append(
            f"| {res['photos']} | {q['exiftool_over_quick']} | {q['quick_over_header_loop']} | "  # type: ignore[index]
            f"{q['full_over_deep_loop']} | {q['cache_first_over_second']} |"  # type: ignore[index]
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "wenming-bench")
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000, 3000])
    parser.add_argument("--json", type=Path)
    parser.add_argument("--no-fit", action="store_true")
    parser.add_argument("--warm", action="store_true", help="never drop the page cache (every run warm)")
    parser.add_argument("--repeat", type=int, default=1, help="time each run N times, keep the median")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    cold = not args.warm and drop_caches()
    results = [bench_size(args.work, n, cold, max(1, args.repeat)) for n in args.sizes]
    report = {
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "system": platform.platform(),
        },
        "cache_drop": "cold (page cache dropped before each run)"
        if cold
        else "warm (--warm)" if args.warm else "warm only (cannot drop caches here)",
        "exiftool": shutil.which("exiftool") or "not installed",
        "sizes": results,
        "photo_fit": None if args.no_fit or 200 not in args.sizes else bench_fit(args.work),
    }
    print(f"machine: {os.cpu_count()} cores; {report['cache_drop']}")
    print(table(results))
    if report["photo_fit"]:
        print("photo fit:", json.dumps(report["photo_fit"], ensure_ascii=False))
    for res in results:
        for name, c in res["correctness"].items():  # type: ignore[union-attr]
            if not c["ok"]:
                print(f"MISMATCH {res['photos']} {name}: expected {c['expected']} found {c['found']}")
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
