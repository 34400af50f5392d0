"""The comparisons a target may declare (`>=`, `>`, …): how each is evaluated and how it is printed."""

import operator
from collections.abc import Callable
from decimal import Decimal

_OPS: dict[str, Callable[[Decimal, Decimal], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
}
COMPARISON_SIGNS: dict[str, str] = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}


def compare(comparison: str, actual: Decimal, required: Decimal) -> bool:
    """Whether `actual` satisfies `comparison` against `required` (the comparison is validated data)."""
    return _OPS[comparison](actual, required)


def sign(comparison: str) -> str:
    """The sign a clerk reads: ≥ for >=."""
    return COMPARISON_SIGNS.get(comparison, comparison)
