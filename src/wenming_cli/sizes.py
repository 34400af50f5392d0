"""Size bounds printed as "2M": what they mean in bytes under both readings of M."""

from __future__ import annotations

from dataclasses import dataclass

from wenming_cli.models.rubric import SizeBound, SizeWindow
from wenming_cli.models.vocab import is_ambiguous, unit_bytes


def bound_bytes(bound: SizeBound, reading: str) -> int:
    """The bound in bytes under one reading ("decimal": 10^6 per M, "binary": 2^20); MB and MiB are fixed."""
    return int(bound.value * unit_bytes(bound.unit, reading))


def readings(window: SizeWindow) -> tuple[str, ...]:
    """The readings that can differ: both for an ambiguous window printed in M, else one."""
    bounds = [b for b in (window.min, window.max) if b is not None]
    if not any(is_ambiguous(b.unit) for b in bounds):
        return ("decimal",)
    if window.byte_reading == "ambiguous":
        return ("decimal", "binary")
    return (window.byte_reading,)


def inside(size: int, window: SizeWindow, reading: str) -> bool:
    if window.min is not None:
        low = bound_bytes(window.min, reading)
        if size < low or (window.min.exclusive and size == low):
            return False
    if window.max is not None:
        high = bound_bytes(window.max, reading)
        if size > high or (window.max.exclusive and size == high):
            return False
    return True


@dataclass(frozen=True)
class SizeVerdict:
    """Whether a size is inside the window under each reading the rubric allows."""

    by_reading: dict[str, bool]

    @property
    def ok_everywhere(self) -> bool:
        return all(self.by_reading.values())

    @property
    def fails_everywhere(self) -> bool:
        return not any(self.by_reading.values())


def judge(size: int, window: SizeWindow) -> SizeVerdict:
    return SizeVerdict({r: _inside(size, limits) for r, limits in _limits(window)})


# A check judges thousands of photos against the same few windows: each window's bounds in bytes are
# worked out once. Keyed by identity, with the window kept beside its bounds so the id is never reused.
_LIMITS: dict[int, tuple[SizeWindow, tuple[tuple[str, tuple[int | None, bool, int | None, bool]], ...]]] = {}


def _limits(window: SizeWindow) -> tuple[tuple[str, tuple[int | None, bool, int | None, bool]], ...]:
    known = _LIMITS.get(id(window))
    if known is not None and known[0] is window:
        return known[1]
    limits = tuple(
        (
            r,
            (
                bound_bytes(window.min, r) if window.min is not None else None,
                window.min is not None and window.min.exclusive,
                bound_bytes(window.max, r) if window.max is not None else None,
                window.max is not None and window.max.exclusive,
            ),
        )
        for r in readings(window)
    )
    if len(_LIMITS) > 256:
        _LIMITS.clear()
    _LIMITS[id(window)] = (window, limits)
    return limits


def _inside(size: int, limits: tuple[int | None, bool, int | None, bool]) -> bool:
    """`inside`, on bounds already in bytes."""
    low, low_exclusive, high, high_exclusive = limits
    if low is not None and (size < low or (low_exclusive and size == low)):
        return False
    return high is None or not (size > high or (high_exclusive and size == high))


def safe_range(window: SizeWindow) -> tuple[int | None, int | None]:
    """(lowest, highest) byte counts inside the window under every allowed reading, inclusive."""
    lows = (
        [bound_bytes(window.min, r) + (1 if window.min.exclusive else 0) for r in readings(window)]
        if window.min
        else []
    )
    highs = (
        [bound_bytes(window.max, r) - (1 if window.max.exclusive else 0) for r in readings(window)]
        if window.max
        else []
    )
    return (max(lows) if lows else None, min(highs) if highs else None)


def describe(window: SizeWindow) -> str:
    """The window as printed, e.g. 大于1.5M、小于2M."""
    parts = []
    if window.min is not None:
        parts.append(f"{'大于' if window.min.exclusive else '不小于'}{window.min.value}{window.min.unit}")
    if window.max is not None:
        parts.append(f"{'小于' if window.max.exclusive else '不大于'}{window.max.value}{window.max.unit}")
    return "、".join(parts)


def reading_label(window: SizeWindow, reading: str) -> str:
    """按 1M=1,000,000 字节, with the ambiguous unit as the rubric printed it."""
    unit = next((b.unit for b in (window.min, window.max) if b is not None and is_ambiguous(b.unit)), "M")
    return f"按 1{unit}={unit_bytes(unit, reading):,} 字节"


def human(size: int) -> str:
    """Both readings, so a clerk sees why a file passes one and fails the other."""
    return f"{size:,} 字节（{size / 10**6:.2f} MB / {size / 2**20:.2f} MiB）"
