"""The placement plan: one row per source file, editable by the clerk as a CSV in Excel or WPS.

The CSV is UTF-8 with BOM (Excel and WPS open it as Chinese text); read back as UTF-8 or, as Excel on
Chinese Windows saves it, GB18030. Its first row records the evidence folder, the source and the rubric,
so `--apply PLAN` needs nothing else.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Literal

from pydantic import Field

from wenming_cli.models.common import Frozen
from wenming_cli.textdecode import decode_text

Kind = Literal["photo", "caption", "official_document", "report", "screenshot", "other", "skip"]

KIND_LABELS: dict[str, str] = {
    "photo": "照片",
    "caption": "图片说明",
    "official_document": "正式发文",
    "report": "说明报告",
    "screenshot": "媒体报道",
    "other": "其他",
    "skip": "跳过",
}
_LABEL_KINDS = {v: k for k, v in KIND_LABELS.items()}
YES = {"是", "y", "yes", "1", "true", "√", "✓", "采用", "ok"}
SURPLUS = "否（超出张数）"

META_TAG = "#wenming导入计划"
COLUMNS = (
    "序号",
    "来源",
    "压缩包内路径",
    "类型",
    "标准或任务",
    "名称",
    "活动文件夹",
    "新文件名",
    "拍摄时间",
    "置信度",
    "理由",
    "采用",
    "SHA256",
)


class PlanRow(Frozen):
    index: int
    source: str  # relative to the plan's source root, "/" separators
    member: str | None = None  # path inside a zip
    kind: Kind
    subject: str | None = None  # "22" or "a3-3.4"
    subject_title: str | None = None
    activity: str | None = None  # "2021-05-12 党日活动" (photos and captions)
    new_name: str | None = None
    captured: dt.datetime | None = None
    confidence: float = Field(default=0.0, ge=0, le=1)
    reason: str = ""
    accept: bool = False
    surplus: bool = False  # a photo beyond the rubric's count for its activity: listed, not copied
    sha256: str | None = None

    @property
    def display(self) -> str:
        return f"{self.source} › {self.member}" if self.member else self.source


class ImportPlan(Frozen):
    source_root: str
    evidence_root: str
    rubric: str
    department: str | None = None
    threshold: float = 0.4
    rows: tuple[PlanRow, ...] = ()


class PlanFormatError(Exception):
    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def to_csv(plan: ImportPlan) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [META_TAG, "证据文件夹", plan.evidence_root, "来源", plan.source_root, "测评细则", plan.rubric]
        + (["部门", plan.department] if plan.department else [])
    )
    writer.writerow(COLUMNS)
    for r in plan.rows:
        writer.writerow(
            [
                r.index,
                r.source,
                r.member or "",
                KIND_LABELS[r.kind],
                r.subject or "",
                r.subject_title or "",
                r.activity or "",
                r.new_name or "",
                r.captured.strftime("%Y-%m-%d %H:%M:%S") if r.captured else "",
                f"{round(r.confidence * 100)}%",
                r.reason,
                "是" if r.accept else SURPLUS if r.surplus else "否",
                r.sha256 or "",
            ]
        )
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def from_csv(data: bytes) -> ImportPlan:
    """Read a plan back, as wenming wrote it or as Excel/WPS saved it after the clerk's edits."""
    try:
        text, _ = decode_text(data)
    except UnicodeDecodeError:
        raise PlanFormatError(None, "无法识别文件编码，请在 Excel 中另存为“CSV UTF-8”。") from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or not rows[0] or rows[0][0].strip() != META_TAG:
        raise PlanFormatError(1, f"第一行应以“{META_TAG}”开头：这不是 wenming import 生成的计划。")
    meta = dict(zip(rows[0][1::2], rows[0][2::2], strict=False))
    if "证据文件夹" not in meta or "来源" not in meta:
        raise PlanFormatError(1, "第一行缺少“证据文件夹”或“来源”。")
    header = [h.strip() for h in rows[1]] if len(rows) > 1 else []
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise PlanFormatError(2, f"表头缺少列：{'、'.join(missing)}。请勿删除或改名表头。")
    col = {name: header.index(name) for name in COLUMNS}
    parsed = []
    for number, row in enumerate(rows[2:], start=3):
        if not any(cell.strip() for cell in row):
            continue
        parsed.append(_row(number, row, col))
    return ImportPlan(
        source_root=meta["来源"],
        evidence_root=meta["证据文件夹"],
        rubric=meta.get("测评细则", ""),
        department=meta.get("部门"),
        rows=tuple(parsed),
    )


def _row(number: int, row: list[str], col: dict[str, int]) -> PlanRow:
    def cell(name: str) -> str:
        i = col[name]
        return row[i].strip() if i < len(row) else ""

    kind = _LABEL_KINDS.get(cell("类型"))
    if kind is None:
        raise PlanFormatError(
            number, f"“类型”一栏“{cell('类型')}”无法识别；可填：{'、'.join(KIND_LABELS.values())}。"
        )
    try:
        index = int(cell("序号"))
    except ValueError:
        raise PlanFormatError(number, f"“序号”一栏“{cell('序号')}”不是数字。") from None
    captured = None
    if cell("拍摄时间"):
        try:
            captured = dt.datetime.fromisoformat(cell("拍摄时间").replace("/", "-"))
        except ValueError:
            captured = None  # informational only: the activity folder's date decides
    confidence = cell("置信度").rstrip("%")
    try:
        conf = min(1.0, max(0.0, float(confidence) / 100)) if confidence else 0.0
    except ValueError:
        conf = 0.0
    return PlanRow(
        index=index,
        source=cell("来源"),
        member=cell("压缩包内路径") or None,
        kind=kind,  # type: ignore[arg-type]
        subject=cell("标准或任务") or None,
        subject_title=cell("名称") or None,
        activity=cell("活动文件夹") or None,
        new_name=cell("新文件名") or None,
        captured=captured,
        confidence=conf,
        reason=cell("理由"),
        accept=cell("采用").lower() in YES,
        surplus=cell("采用") == SURPLUS,
        sha256=cell("SHA256") or None,
    )
