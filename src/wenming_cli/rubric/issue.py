"""One validation problem in a rubric or unit plan, located by its path in the document."""

from __future__ import annotations

from dataclasses import dataclass

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Issue:
    loc: Loc
    message: str
    severity: str = "error"
    code: str = "RUBRIC-INVALID"
    point_at_key: bool = False
