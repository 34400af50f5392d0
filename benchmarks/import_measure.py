"""Measure `wenming import` on generated dumps whose true placement is known.

    python benchmarks/import_measure.py [--seeds 1 2 3] [--rounds 2] [--threshold 0.5]

Prints, per seed and overall:
- placed correctly without edits: rows the plan accepts with the true standard/task and kind, photos
  beyond the rubric's count per activity listed (not copied) in the right, confidently placed activity,
  and files it rightly skips (junk, copies), over every file of the dump;
- placed wrongly above the threshold: accepted rows whose standard/task or kind is wrong (target 0);
- photos grouped into the right activity: a photo counts when its proposed activity is the one holding
  most of its true activity's photos, and that true activity is the one most of the proposed activity's
  photos belong to (a split or a merge both cost).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from import_dump import build  # noqa: E402

from wenming_cli.importer.plan import ImportPlan  # noqa: E402
from wenming_cli.importer.propose import Options, propose  # noqa: E402
from wenming_cli.rubric import registry  # noqa: E402


def score(plan: ImportPlan, truth: dict[str, dict]) -> dict[str, float]:
    rows = {r.display: r for r in plan.rows}
    missing = [t for t in truth if t not in rows]
    if missing:
        raise SystemExit(f"the plan has no row for {missing[:3]}")
    correct = wrong = junk = junk_ok = surplus = 0
    wrong_rows = []
    for display, t in truth.items():
        r = rows[display]
        if t["kind"] == "skip":
            junk += 1
            junk_ok += r.kind == "skip"
            correct += r.kind == "skip"
            continue
        right = r.subject == t["subject"] and r.kind == t["kind"]
        if r.accept and right:
            correct += 1
        elif r.surplus and right and r.confidence >= plan.threshold:
            correct += 1  # listed as beyond the rubric's count, the rest of its activity accepted
            surplus += 1
        elif r.accept:
            wrong += 1
            wrong_rows.append(
                f"  wrong: {display} → {r.kind} {r.subject} ({r.confidence:.2f}); true {t['kind']} {t['subject']}"
            )
    photos = {d: t for d, t in truth.items() if t["kind"] == "photo"}
    proposed = {d: (rows[d].subject, rows[d].activity) for d in photos}
    true_to_groups: dict[str, Counter] = {}
    group_to_trues: dict[tuple, Counter] = {}
    for d, t in photos.items():
        true_to_groups.setdefault(t["activity"], Counter())[proposed[d]] += 1
        group_to_trues.setdefault(proposed[d], Counter())[t["activity"]] += 1
    grouped = sum(
        1
        for d, t in photos.items()
        if true_to_groups[t["activity"]].most_common(1)[0][0] == proposed[d]
        and group_to_trues[proposed[d]].most_common(1)[0][0] == t["activity"]
    )
    return {
        "files": len(truth),
        "correct": correct,
        "wrong_accepted": wrong,
        "junk": junk,
        "junk_ok": junk_ok,
        "photos": len(photos),
        "grouped": grouped,
        "surplus": surplus,
        "review": sum(
            1 for d, t in truth.items() if t["kind"] != "skip" and not rows[d].accept and not rows[d].surplus
        ),
        "wrong_rows": wrong_rows,  # type: ignore[dict-item]
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--threshold", type=float, default=Options().threshold)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    total: Counter = Counter()
    for seed in args.seeds:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp)
            dump = build(out, seed, args.rounds)
            unit, rubric, _ = registry.load_unit_plan(out / "evidence" / "unit.yaml")
            plan = propose(
                out / "dump", out / "evidence", rubric, unit.rubric, unit, Options(threshold=args.threshold)
            )
            result = score(plan, dump.truth)
        wrong_rows = result.pop("wrong_rows")
        total.update(result)
        print(_line(f"seed {seed}", result))
        if args.verbose:
            print("\n".join(wrong_rows))  # type: ignore[arg-type]
    if len(args.seeds) > 1:
        print(_line("overall", total))


def _line(label: str, r) -> str:
    return (
        f"{label}: {r['files']} files ({r['photos']} photos, {r['junk']} junk or copies); "
        f"placed correctly without edits {r['correct']}/{r['files']} = {100 * r['correct'] / r['files']:.1f} %; "
        f"wrong above threshold {r['wrong_accepted']}; left for the clerk {r['review']}; "
        f"photos beyond the rubric's count listed {r['surplus']}; "
        f"photos in the right activity {r['grouped']}/{r['photos']} = {100 * r['grouped'] / r['photos']:.1f} %; "
        f"junk and copies skipped {r['junk_ok']}/{r['junk']}"
    )


if __name__ == "__main__":
    main()
