"""Findings restated for a document the leadership signs: problems as facts about the work, measures as
actions, deadlines as dates — never a severity tag, a folder, a file name, a rule code or a tool command.

The wording is wenming's own (per rule family); every number, label and title comes from the finding,
the rubric's requirement labels or the unit plan. Findings about wenming's own inputs (the unit plan,
folder names, encodings) are for the clerk and never reach these documents.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from wenming_cli.models.common import format_points
from wenming_cli.models.comparison import COMPARISON_SIGNS
from wenming_cli.models.finding import Finding
from wenming_cli.models.results import CheckResult, Coverage, TargetResult
from wenming_cli.models.rubric import Rubric

CN_DIGITS = "〇一二三四五六七八九"
# Rule families that concern wenming's inputs, not the unit's work: left out of hand-in documents.
INTERNAL = (
    "FILE-OUTSIDE-STANDARD",
    "FOLDER-",
    "PATH-TOO-LONG",
    "SYMLINK-",
    "TEXT-ENCODING",
    "ARCHIVE-",
    "UNIT-",
    "FIGURES-INCONSISTENT",
    "COVERAGE-NOT-FROM-FILES",
    "COVERAGE-NOT-APPLICABLE",
    "PHOTO-FILED-TWICE",
    "REPORT-FORMAT",
)
COUNTED = {"activity": "次", "official_document": "份", "report": "份", "screenshot": "条"}

# code → (problem, measure); {n} how many findings of the code on the subject, {e}/{a} expected/actual.
WORDING: dict[str, tuple[str, str]] = {
    "FILE-EMPTY": ("{n}个材料文件内容为空", "重新导出空白的材料文件"),
    "BONUS-PROOF-MISSING": ("证明材料（发文或证书）未归档，不能加分", "将发文或证书的扫描件归入加分材料"),
    "FILE-UNREADABLE": ("{n}个材料文件无法打开", "重新导出无法打开的材料文件"),
    "FILE-TYPE-MISMATCH": ("{n}个材料文件的实际格式与扩展名不符", "按规定格式重新导出相关材料文件"),
    "FILE-UNKNOWN-TYPE": ("{n}个材料文件格式无法识别", "按规定格式重新导出相关材料文件"),
    "FILE-ARCHIVE": ("{n}份材料以压缩包形式存放", "解压后按活动整理相关材料"),
    "TEXT-UNDECODABLE": ("{n}份文字材料无法识别", "重新保存相关文字材料"),
    "PHOTO-FORMAT": ("{n}张活动照片不是{E}格式", "按规定格式和大小重新整理活动照片"),
    "PHOTO-SIZE": ("{n}张活动照片大小不符合“{e}”的要求", "按规定格式和大小重新整理活动照片"),
    "PHOTO-SIZE-AMBIGUOUS": ("{n}张活动照片大小处于规定范围边缘", "按规定格式和大小重新整理活动照片"),
    "PHOTO-COUNT": ("{n}次活动的照片张数不符合规定", "按规定张数整理每次活动的照片"),
    "PHOTO-TRUNCATED": ("{n}张活动照片文件不完整", "重新导出损坏的活动照片"),
    "PHOTO-CORRUPT": ("{n}张活动照片无法打开", "重新导出损坏的活动照片"),
    "PHOTO-TOO-LARGE-PIXELS": ("{n}张活动照片像素异常", "重新导出相关活动照片"),
    "PHOTO-EXIF-MISSING": ("{n}张活动照片缺少拍摄时间信息", "提交手机或相机导出的原始照片"),
    "PHOTO-EXIF-PERIOD": ("{n}张活动照片的拍摄时间不在测评期内", "核实活动时间，更换为测评期内的活动照片"),
    "PHOTO-EXIF-LATE": ("{n}张活动照片的拍摄时间晚于规定期限", "核实活动时间，更换为期限内的活动照片"),
    "PHOTO-EXIF-MISMATCH": ("{n}张活动照片的拍摄时间与活动日期不符", "核实活动日期和照片拍摄时间"),
    "PHOTO-DUPLICATE": ("{n}张照片在不同活动中重复使用", "更换重复使用的照片，每次活动只用本次活动的照片"),
    "PHOTO-NEAR-DUPLICATE": (
        "{n}张照片与其他活动的照片基本相同",
        "更换重复使用的照片，每次活动只用本次活动的照片",
    ),
    "PHOTO-SAME-EVENT": (
        "{n}张照片与其他活动的照片拍摄时间相近，疑为同一活动",
        "核实相关活动是否为同一次活动",
    ),
    "PHOTO-EDITED": ("{n}张活动照片经过编辑处理", "改用未经编辑的原始照片"),
    "PHOTO-OUTSIDE-ACTIVITY": ("{n}张照片未按活动归档", "按活动整理照片并配图片说明"),
    "CAPTION-MISSING": ("{n}次活动缺少图片说明", "为每次活动补写图片说明"),
    "CAPTION-FIELD": ("{n}次活动的图片说明要素不全（{missing}）", "补全图片说明要素（{missing}）"),
    "CAPTION-TITLE": ("{n}次活动的主题不符合规定格式", "按规定格式修改活动主题"),
    "CAPTION-UNKNOWN-SUBJECT": ("{n}次活动注明的适用条款有误", "核对活动适用的测评标准"),
    "ACTIVITY-DATE-MISSING": ("{n}次活动未注明日期", "在图片说明中注明活动日期"),
    "ACTIVITY-DATE-CONFLICT": ("{n}次活动的日期记载不一致", "核对并统一活动日期"),
    "ACTIVITY-OUTSIDE-PERIOD": ("{n}次活动不在测评期内", "补充测评期内开展的活动材料"),
    "ACTIVITY-LATE": ("{n}次活动晚于规定期限开展", "补充期限内开展的活动材料"),
    "ACTIVITY-AFTER-CHECK": ("{n}次活动的日期晚于自查日期", "核实活动日期"),
    "ACTIVITY-NO-PHOTOS": ("{n}次活动缺少活动照片", "补充活动照片"),
    "MEDIA-SCREENSHOT-MISSING": ("{n}次有媒体报道的活动缺少报道截图", "补充媒体报道截图"),
    "PDF-INVALID": ("{n}份正式发文扫描件无法打开", "重新扫描正式发文"),
    "PDF-ENCRYPTED": ("{n}份正式发文扫描件设有打开密码", "去除密码后重新保存扫描件"),
    "PDF-NO-PAGES": ("{n}份正式发文扫描件没有内容", "重新扫描正式发文"),
    "PDF-SIZE": ("{n}份正式发文扫描件超过规定大小", "压缩扫描件至规定大小以内"),
    "PDF-SIZE-AMBIGUOUS": ("{n}份正式发文扫描件大小处于规定范围边缘", "压缩扫描件至规定大小以内"),
    "PDF-RED-HEADER": ("{n}份正式发文扫描件未见红头", "重新扫描正式发文，包含红头页"),
    "PDF-SEAL": ("{n}份正式发文扫描件未见盖章页", "重新扫描正式发文，包含盖章页"),
    "DOCUMENT-FORMAT": ("{n}份正式发文未按规定扫描为PDF", "将正式发文扫描为PDF"),
    "REPORT-UNREADABLE": ("{n}份说明报告无法打开", "重新保存说明报告"),
    "REPORT-BANNED-PHRASE": ("说明报告使用了测评细则不允许的表述", "删除套话，直接写明做法、数据和实例"),
    "REPORT-MEASURES": ("说明报告所列举措少于{e_num}条", "分条写明具体举措"),
    "REPORT-HEADINGS": ("说明报告未设小标题", "分段并加小标题"),
    "REPORT-DATA": ("说明报告缺少具体数据", "补充人数、次数等具体数据"),
    "REPORT-LENGTH": ("说明报告超过规定字数", "精简说明报告至规定字数以内"),
}
_ORDER = {code: i for i, code in enumerate(WORDING)}
# Severity tags, wenming's own file and name, file names, folder references (“22 …/正式发文”), rubric ids.
_FORBIDDEN = re.compile(
    r"错误：|警告：|提示：|unit\.yaml|wenming|\.(?:jpe?g|png|heic|pdf|docx?|txt|md|yaml)\b|…/|/…"
    r"|[A-Za-z]+-\d{4}|\S/\s"
)


def cn_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def period_text(period: str | None) -> str:
    """2021Q2 → 2021年第二季度."""
    if period and len(period) == 6 and period[4] == "Q" and period[:4].isdigit():
        return f"{period[:4]}年第{CN_DIGITS[int(period[5])]}季度"
    return period or ""


def is_internal(code: str) -> bool:
    return code.startswith(INTERNAL)


def official(text: str) -> bool:
    """Whether a text may stand in a hand-in document (no tags, paths, files or tool words)."""
    return not _FORBIDDEN.search(text)


def evidence_text(summary: str) -> str:
    """证据情况 without the check's error and warning counts (the problems column states them)."""
    return re.sub(r"；错误\d+个、警告\d+个$", "", summary)


def reason_text(reason: str) -> str:
    """Why an honour does not count, for the leadership: the clerk's instructions left out."""
    if official(reason):
        return reason
    if "证明" in reason:
        return "未提供证明材料，不计分"
    head = re.split(r"[：，；]", reason, maxsplit=1)[0]
    return head if official(head) and head != reason else "不计分"


def editorial(text: str) -> bool:
    """A transcription note standing in for unreadable rubric text: （原表…无法辨认）."""
    t = text.strip()
    return t.startswith(("（", "(")) and t.endswith(("）", ")")) and ("乱码" in t or "无法辨认" in t)


@dataclass(frozen=True)
class Statement:
    problems: tuple[str, ...]
    measures: tuple[str, ...]


class Wording:
    """Official problems and measures for clauses and tasks, from one check's findings and coverage."""

    def __init__(self, check: CheckResult | None, rubric: Rubric | None) -> None:
        self.findings = {f.key: f for f in check.findings} if check else {}
        self.coverage = {c.subject: c for c in check.coverage} if check else {}
        self.kinds = {k.id: k for k in rubric.vocabularies.evidence_kinds} if rubric else {}
        # Scores keep only warnings and errors; what is still running (info) is found by subject.
        self.running: dict[str, list[Finding]] = {}
        for f in check.findings if check else ():
            if f.code in ("COVERAGE-PENDING", "COVERAGE-PERIOD-OPEN"):
                self.running.setdefault(f.subject, []).append(f)

    def statement(
        self, subject: str, title: str, keys: Iterable[str], targets: Sequence[TargetResult] = ()
    ) -> Statement:
        keys = tuple(keys)
        findings = [
            self.findings[k] for k in keys if k in self.findings and not is_internal(self.findings[k].code)
        ]
        findings += [f for f in self.running.get(subject, ()) if f.key not in keys]
        problems: list[str] = []
        measures: list[str] = []
        cov = self.coverage.get(subject)
        for f in sorted((f for f in findings if f.code.startswith("COVERAGE")), key=lambda f: f.period or ""):
            p, m = self._coverage(f, cov)
            problems.append(p)
            measures.append(m)
        by_code = Counter(f.code for f in findings if not f.code.startswith(("COVERAGE", "TARGET")))
        for code in sorted(by_code, key=lambda c: _ORDER.get(c, len(_ORDER))):
            sample = next(f for f in findings if f.code == code)
            p, m = self._wording(code, by_code[code], sample, findings)
            problems.append(p)
            measures.append(m)
        for t in targets:
            p, m = target_statement(t)
            if p:
                problems.append(p)
                measures.append(m)
        keep = [x for x in dict.fromkeys(problems) if x and official(x)]
        return Statement(tuple(keep), tuple(x for x in dict.fromkeys(measures) if x and official(x)))

    def _label(self, f: Finding, cov: Coverage | None) -> tuple[str, str]:
        """The requirement's label and what it is counted in (次, 份, 条)."""
        reqs = cov.requirements if cov else ()
        req = next((r for r in reqs if r.kind == f.field), None) or (reqs[0] if len(reqs) == 1 else None)
        if req is None or req.kind == "any":  # "any kind of material" reads as 佐证材料 in a report
            return "佐证材料", "份"
        kind = self.kinds.get(req.kind)
        return req.label, COUNTED.get(kind.collected_as if kind else "", "份")

    def _coverage(self, f: Finding, cov: Coverage | None) -> tuple[str, str]:
        label, unit = self._label(f, cov)
        expected, actual = _int(f.expected), _int(f.actual)
        when = period_text(f.period)
        is_activity = unit == "次"
        if actual:
            fact = f"{label}仅{actual}{unit}，少于规定的{expected}{unit}"
        elif is_activity:
            fact = "未开展相关活动" + (f"（应不少于{expected}次）" if expected and expected > 1 else "")
        else:
            fact = f"尚无{label}" + (f"（应不少于{expected}{unit}）" if expected and expected > 1 else "")
        if f.code == "COVERAGE-PENDING":
            fact += "，尚在完成期限内"
        elif f.code == "COVERAGE-PERIOD-OPEN":
            fact += "，本季度尚未结束"
        if is_activity:
            measure = "组织开展相关活动，留存活动照片和图片说明"
            if f.period:
                measure = "每季度按要求开展相关活动并及时整理材料"
        elif unit == "条":
            measure = f"按要求报送信息并留存{label}截图"
        else:
            measure = f"补充完善{label}"
        return (when + fact if when else fact), measure

    def _wording(self, code: str, n: int, sample: Finding, findings: list[Finding]) -> tuple[str, str]:
        missing = "、".join(
            dict.fromkeys(
                x
                for f in findings
                if f.code == code and f.actual
                for x in re.split(r"[、，,\s]+", f.actual.removeprefix("缺少").strip())
                if x
            )
        )
        values = {
            "n": n,
            "e": sample.expected or "",
            "E": (sample.expected or "").upper(),
            "a": sample.actual or "",
            "e_num": re.sub(r"\D", "", sample.expected or "") or "规定",
            "missing": missing or "部分要素",
        }
        if code in WORDING:
            problem, measure = WORDING[code]
            problem = (
                problem.format(**values).replace("“”的要求", "规定").replace("不是格式", "格式不符合规定")
            )
            return problem, measure.format(**values)
        from wenming_cli.checks.codes import CODES  # a rule added later still gets its plain title

        title = CODES[code].title if code in CODES else ""
        return (f"{title}（{n}处）" if title else ""), "对照测评标准整改完善"


def target_statement(t: TargetResult) -> tuple[str, str]:
    sign = COMPARISON_SIGNS.get(t.comparison, t.comparison)
    if t.met is False and t.actual is not None:
        short = f"，还差{t.people_short}人" if t.people_short else ""
        return (
            f"{t.label}为{format_points(t.actual)}{t.unit}，未达到{sign}{format_points(t.required)}{t.unit}的要求{short}",
            f"采取措施提高{t.label}，达到{sign}{format_points(t.required)}{t.unit}",
        )
    if t.actual is None:
        return f"{t.label}尚未统计", f"统计{t.label}所需人数"
    return "", ""


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def who_text(departments: Sequence[str], persons: Sequence[str]) -> str:
    text = "、".join(departments)
    if persons:
        text += f"（责任人：{'、'.join(persons)}）" if text else f"责任人：{'、'.join(persons)}"
    return text


def measure_text(
    measures: Sequence[str], remedy: str | None, departments: Sequence[str], persons: Sequence[str]
) -> str:
    """整改措施: the plan's own measure first, then ours, then who carries it out."""
    steps = list(dict.fromkeys(s.rstrip("。") for s in [*([remedy] if remedy else []), *measures]))
    if not steps:
        return ""
    text = "；".join(steps) + "。"
    who = who_text(departments, persons)
    return text + (f"责任部门：{who}。" if departments else (f"{who}。" if who else ""))


def deadline_text(
    deadline: dt.date | None,
    overdue: bool,
    remedy_deadline: dt.date | None = None,
    period: str | None = None,
) -> str:
    """整改期限: the plan's remedy date, else the item's own deadline; overdue items are due at once."""
    if remedy_deadline is not None:
        return cn_date(remedy_deadline)
    if period:
        return period
    if deadline is None:
        return ""
    if overdue:
        return f"立即整改（原定{cn_date(deadline)}）"
    return cn_date(deadline)
