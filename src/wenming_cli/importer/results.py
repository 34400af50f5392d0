"""What `import --apply --format json` prints, as a model a later run or another program reads back.

(The proposal itself prints its `ImportPlan`.)
"""

from __future__ import annotations

from wenming_cli.importer.apply import ApplyReport
from wenming_cli.models.common import Frozen


class CopiedFile(Frozen):
    row: int
    source: str
    destination: str  # relative to the evidence folder


class LeftOut(Frozen):
    """A row not copied (refused: the source changed or the target exists) or not placed (not accepted)."""

    row: int
    source: str
    reason: str


class ApplyResult(Frozen):
    evidence_root: str
    copied: tuple[CopiedFile, ...] = ()
    captions: tuple[str, ...] = ()  # drafted 活动说明.txt, relative to the evidence folder
    folders: tuple[str, ...] = ()  # standard/task folders created
    refused: tuple[LeftOut, ...] = ()
    unplaced: tuple[LeftOut, ...] = ()


def apply_result(report: ApplyReport, root: str) -> ApplyResult:
    return ApplyResult(
        evidence_root=root,
        copied=tuple(CopiedFile(row=r, source=s, destination=d) for r, s, d in report.copied),
        captions=tuple(report.captions),
        folders=tuple(report.folders),
        refused=tuple(LeftOut(row=x.row, source=x.source, reason=x.reason) for x in report.refused),
        unplaced=tuple(LeftOut(row=r, source=s, reason=why) for r, s, why in report.unplaced),
    )
