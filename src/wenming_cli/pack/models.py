"""The submission bundle as data: what goes in, under which name, and the manifest that proves it."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from wenming_cli.models.common import Frozen
from wenming_cli.models.finding import Finding

MANIFEST_NAME = "提交清单.json"
SHEET_NAME = "资料提交表"
MANIFEST_FORMAT = "wenming-pack"


class PlannedFile(Frozen):
    """One file to pack: where it comes from (relative to the evidence folder) and where it goes."""

    source: str
    packed: str  # relative to the bundle root, "/" separators
    source_size: int
    source_sha256: str | None = None  # from the scan
    fit: bool = False  # brought into the rubric's photo size window on the way


class PackItem(Frozen):
    """One line of the 资料提交表: an activity, an official document, a report or a screenshot."""

    number: int  # 序号
    subject: str  # standard number or task id
    subject_title: str  # 任务/标准
    kind: Literal["activity", "official_document", "report", "screenshot", "video"]
    kind_label: str  # 类型
    name: str  # 材料名称 (with 文号 for official documents)
    document_number: str | None = None
    date: dt.date | None = None
    due: dt.date
    due_text: str | None = None
    copies: int  # 份数
    departments: tuple[str, ...] = ()
    persons: tuple[str, ...] = ()
    files: tuple[PlannedFile, ...]
    errors: tuple[Finding, ...] = ()  # packed with --allow-errors; marked in the sheet


class PackSelection(Frozen):
    mode: Literal["all", "due_by", "quarter"]
    due_by: dt.date | None = None
    quarter: str | None = None
    since_last: str | None = None  # the previous manifest's path

    @property
    def label(self) -> str:
        text = {"all": "全部材料", "due_by": f"截至 {self.due_by} 到期的材料", "quarter": ""}[self.mode]
        if self.mode == "quarter" and self.quarter:
            text = f"{self.quarter[:4]}年第{self.quarter[-1]}季度到期的材料"
        return text + ("（仅上次打包后新增或改动的）" if self.since_last else "")


class PackPlan(Frozen):
    """Everything decided before a byte is written."""

    rubric: str
    rubric_title: str
    unit: str | None
    evidence: str
    as_of: dt.date
    period: str  # the assessment period, for the sheet's heading
    selection: PackSelection
    naming: str | None  # the rubric's template as printed, or None: the clerk's names kept
    items: tuple[PackItem, ...]
    blocking: tuple[Finding, ...] = ()  # errors on the selected material
    unchanged: int = 0  # pieces left out by --since-last
    skipped: tuple[str, ...] = ()  # files that are not material (loose photos, unknown files), with why


class ManifestFile(Frozen):
    source: str
    packed: str
    size: int
    sha256: str
    source_size: int
    source_sha256: str
    fitted: bool = False
    item: int


class Manifest(Frozen):
    format: Literal["wenming-pack"] = MANIFEST_FORMAT
    version: int = 1
    wenming: str
    rubric: str
    unit: str | None
    evidence: str
    packed_on: dt.date
    selection: PackSelection
    files: tuple[ManifestFile, ...]
    items: tuple[PackItem, ...]


class PackResult(Frozen):
    """What `pack --format json` prints: the plan, the manifest when something was written, and why not."""

    written: bool
    output: str | None  # the folder or zip written, None when nothing was
    summary: str
    plan: PackPlan
    manifest: Manifest | None = None
    fit_failures: tuple[str, ...] = ()
