"""User-facing errors and the single place that maps outcomes to exit codes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from wenming_cli.exitcodes import EXIT_CLEAN, EXIT_FINDINGS, EXIT_INTERRUPTED, EXIT_USAGE

__all__ = ["EXIT_CLEAN", "EXIT_FINDINGS", "EXIT_INTERRUPTED", "EXIT_USAGE", "outcome"]


def outcome(failed: bool) -> int:
    """A finished command's exit code: 1 when what it found reaches its threshold, else 0.

    Commands return this; `cli.common.handle_errors` is the one place that exits with it (and with
    EXIT_USAGE or EXIT_INTERRUPTED when the command could not finish).
    """
    return EXIT_FINDINGS if failed else EXIT_CLEAN


@dataclass(frozen=True)
class Problem:
    """A problem in a rubric or unit-plan file, located for a clerk."""

    file: Path
    line: int | None
    column: int | None
    where: str  # the path in the document, e.g. standards[22].clauses[1].points
    message: str
    severity: str = "error"  # "error" | "warning"
    code: str = "RUBRIC-INVALID"

    def location(self) -> str:
        pos = f":{self.line}:{self.column}" if self.line is not None else ""
        return f"{self.file}{pos}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": str(self.file),
            "line": self.line,
            "column": self.column,
            "where": self.where,
            "message": self.message,
            "severity": self.severity,
            "code": self.code,
        }


class WenmingError(Exception):
    """An error the user can act on; carries the exit code and optional located problems."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, problems: list[Problem] | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or []
        self.hint = hint


class InvalidInput(WenmingError):
    """A rubric, unit plan or evidence folder that cannot be used at all (exit 2)."""


class UsageError(WenmingError):
    """Options that contradict each other or an output that would be overwritten (exit 2)."""
