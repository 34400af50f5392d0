"""`sizes.judge` works on bounds computed once per window: it must answer exactly as `sizes.inside`."""

from __future__ import annotations

import itertools
import random

from wenming_cli import sizes
from wenming_cli.models.material import SizeBound, SizeWindow
from wenming_cli.rubric.registry import load_rubric


def _windows() -> list[SizeWindow]:
    bounds = [None] + [
        SizeBound(value=v, unit=u, exclusive=x)
        for v, u, x in itertools.product(("1.5", "2", "0.5"), ("M", "MB", "MiB", "KB"), (True, False))
    ]
    windows = []
    for low, high, reading in itertools.product(bounds[::3], bounds[1::3], ("decimal", "binary", "ambiguous")):
        windows.append(SizeWindow(min=low, max=high, byte_reading=reading))
    return windows


def test_judge_matches_inside_on_every_edge() -> None:
    rng = random.Random(17)
    for window in _windows():
        edges = [sizes.bound_bytes(b, r) for b in (window.min, window.max) if b for r in ("decimal", "binary")]
        probes = {e + d for e in edges for d in (-1, 0, 1)} | {rng.randrange(0, 3 << 20) for _ in range(20)}
        for size in sorted(probes):
            verdict = sizes.judge(size, window)
            assert verdict.by_reading == {r: sizes.inside(size, window, r) for r in sizes.readings(window)}
            assert sizes.judge(size, window) == verdict  # the remembered bounds answer the same


def test_equal_windows_built_apart_are_judged_alike() -> None:
    # Bounds are remembered by identity: a new window equal to an old one must not be confused with
    # another window that happens to reuse a freed id.
    for _ in range(300):
        tight = SizeWindow(min=SizeBound(value="1.5", unit="M"), max=SizeBound(value="2", unit="M"))
        assert not sizes.judge(1_000_000, tight).ok_everywhere
        loose = SizeWindow(max=SizeBound(value="5", unit="MB"))
        assert sizes.judge(1_000_000, loose).ok_everywhere


def _rule_windows(rules) -> list[SizeWindow]:
    if rules is None:
        return []
    found = [rules.photo.size] if rules.photo is not None and rules.photo.size is not None else []
    if rules.pdf is not None and rules.pdf.max_size is not None:
        found.append(rules.pdf.max_size)
    return found


def test_the_bundled_rubrics_size_windows() -> None:
    windows = []
    for ref in ("yiyang-2021", "yueyang-2022"):
        rubric = load_rubric(ref)
        windows += _rule_windows(rubric.material_rules)
        for task_list in rubric.task_lists:
            windows += _rule_windows(task_list.material_rules)
            for task in task_list.tasks:
                windows += _rule_windows(task.material_rules)
    assert windows, "the bundled rubrics have size windows"
    for window in windows:
        for size in (1_500_000, 1_500_001, 1_572_864, 1_572_865, 1_999_999, 2_000_000, 2_097_152):
            assert sizes.judge(size, window).by_reading == {
                r: sizes.inside(size, window, r) for r in sizes.readings(window)
            }
