"""Every rule code wenming can report: its default severity and what it checks.

This table is the single source for the README's code list (`wenming check --list-codes`).
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass

from wenming_cli.models.finding import Finding, Severity


@dataclass(frozen=True)
class Code:
    code: str
    severity: Severity
    family: str
    title: str


_E, _W, _I = Severity.error, Severity.warning, Severity.info

CODES: dict[str, Code] = {
    c.code: c
    for c in [
        Code("FILE-EMPTY", _E, "file", "文件为空（0 字节）"),
        Code("FILE-UNREADABLE", _E, "file", "文件无法读取"),
        Code("FILE-TYPE-MISMATCH", _E, "file", "扩展名与文件实际类型不符"),
        Code("FILE-UNKNOWN-TYPE", _W, "file", "无法识别的文件类型"),
        Code("FILE-ARCHIVE", _W, "file", "压缩包不会被检查"),
        Code("FILE-OUTSIDE-STANDARD", _W, "file", "文件不在任何测评标准或任务的文件夹中"),
        Code("FOLDER-UNMATCHED", _E, "file", "文件夹编号与测评细则不符"),
        Code("FOLDER-UNNAMED", _W, "file", "文件夹名没有以测评标准编号或任务编号开头"),
        Code("PATH-TOO-LONG", _W, "file", "路径过长（Windows 限制 260 个字符）"),
        Code("SYMLINK-OUTSIDE", _W, "file", "符号链接指向证据文件夹之外"),
        Code("SYMLINK-LOOP", _W, "file", "符号链接形成循环"),
        Code("TEXT-ENCODING", _I, "file", "文本文件不是 UTF-8 编码"),
        Code("TEXT-UNDECODABLE", _E, "file", "文本文件的文字编码无法识别"),
        Code("ARCHIVE-SKIPPED", _I, "file", "压缩包中被跳过的条目"),
        Code("PHOTO-FORMAT", _E, "photo", "照片格式不符合要求"),
        Code("PHOTO-SIZE", _E, "photo", "照片大小不在规定范围内"),
        Code("PHOTO-SIZE-AMBIGUOUS", _W, "photo", "照片大小只在一种“M”的理解下合格"),
        Code("PHOTO-COUNT", _E, "photo", "一次活动的照片张数不符合要求"),
        Code("PHOTO-TRUNCATED", _E, "photo", "照片文件不完整（被截断）"),
        Code("PHOTO-CORRUPT", _E, "photo", "照片无法解码"),
        Code("PHOTO-TOO-LARGE-PIXELS", _E, "photo", "照片像素数过大（疑似解压炸弹）"),
        Code("PHOTO-EXIF-MISSING", _W, "photo", "照片没有拍摄时间（EXIF）"),
        Code("PHOTO-EXIF-PERIOD", _W, "photo", "拍摄时间不在测评期内"),
        Code("PHOTO-EXIF-LATE", _W, "photo", "拍摄时间晚于活动截止日期"),
        Code("PHOTO-EXIF-MISMATCH", _W, "photo", "拍摄时间与活动日期相差超过一天"),
        Code("PHOTO-DUPLICATE", _E, "photo", "同一张照片用于不同活动"),
        Code("PHOTO-FILED-TWICE", _I, "photo", "同一次活动重复存放"),
        Code("PHOTO-NEAR-DUPLICATE", _W, "photo", "不同活动中的照片几乎相同"),
        Code("PHOTO-SAME-EVENT", _W, "photo", "不同活动的照片拍摄时间相近，可能为同一活动"),
        Code("PHOTO-EDITED", _W, "photo", "照片经过编辑软件处理"),
        Code("PHOTO-OUTSIDE-ACTIVITY", _W, "photo", "照片没有放在活动文件夹中"),
        Code("CAPTION-MISSING", _E, "caption", "活动没有图片说明（活动说明.txt）"),
        Code("CAPTION-FIELD", _E, "caption", "图片说明缺少必填要素"),
        Code("CAPTION-TITLE", _W, "caption", "活动主题不符合规定格式"),
        Code("CAPTION-UNKNOWN-SUBJECT", _E, "caption", "“条款”或“同时用于”写了不存在的编号"),
        Code("CAPTION-CLAUSE-FOREIGN", _E, "caption", "“条款”写了其他测评标准的计分项"),
        Code("PDF-DOCUMENT-NUMBER", _W, "pdf", "正式发文没有文号（测评细则要求）"),
        Code("FILE-NAME", _W, "file", "文件名不符合测评细则的命名规则（日期前缀或文号）"),
        Code("ACTIVITY-DATE-MISSING", _E, "activity", "活动没有日期"),
        Code("ACTIVITY-DATE-CONFLICT", _W, "activity", "图片说明中的时间与文件夹日期不一致"),
        Code("ACTIVITY-OUTSIDE-PERIOD", _E, "activity", "活动日期不在测评期内"),
        Code("ACTIVITY-LATE", _E, "activity", "活动晚于规定的截止日期"),
        Code("ACTIVITY-AFTER-CHECK", _W, "activity", "活动日期晚于检查日期或测评日期"),
        Code("ACTIVITY-NO-PHOTOS", _E, "activity", "活动文件夹里没有照片"),
        Code("MEDIA-SCREENSHOT-MISSING", _E, "activity", "有媒体报道的活动缺少报道截图"),
        Code("PDF-INVALID", _E, "pdf", "PDF 文件损坏或无法打开"),
        Code("PDF-ENCRYPTED", _E, "pdf", "PDF 需要密码才能打开"),
        Code("PDF-NO-PAGES", _E, "pdf", "PDF 没有页面"),
        Code("PDF-SIZE", _E, "pdf", "PDF 超过大小限制"),
        Code("PDF-SIZE-AMBIGUOUS", _W, "pdf", "PDF 大小只在一种“M”的理解下合格"),
        Code("PDF-RED-HEADER", _W, "pdf", "未发现红头（启发式判断）"),
        Code("PDF-SEAL", _W, "pdf", "未发现公章（启发式判断）"),
        Code("DOCUMENT-FORMAT", _E, "pdf", "正式发文不是 PDF"),
        Code("REPORT-FORMAT", _I, "report", "说明报告格式无法检查"),
        Code("REPORT-UNREADABLE", _E, "report", "说明报告无法读取"),
        Code("REPORT-BANNED-PHRASE", _E, "report", "说明报告使用了禁用的套话"),
        Code("REPORT-MEASURES", _E, "report", "说明报告的举措少于规定条数"),
        Code("REPORT-HEADINGS", _E, "report", "说明报告没有小标题"),
        Code("REPORT-DATA", _E, "report", "说明报告没有数据"),
        Code("REPORT-LENGTH", _E, "report", "说明报告超过字数限制"),
        Code("COVERAGE-MISSING", _E, "coverage", "缺少佐证材料"),
        Code("COVERAGE-SHORT", _E, "coverage", "佐证材料数量不足"),
        Code("COVERAGE-PERIOD", _E, "coverage", "某季度的材料数量不足"),
        Code("COVERAGE-PERIOD-OPEN", _I, "coverage", "本季度尚未结束，材料还不够"),
        Code("COVERAGE-PENDING", _I, "coverage", "尚未到期，材料还没有收集"),
        Code("QUARTER-STATEMENT-MISSING", _E, "coverage", "已结束的季度缺少按季度要求的情况说明"),
        Code("QUARTER-STATEMENT-OPEN", _I, "coverage", "本季度尚未结束，还没有按季度要求的情况说明"),
        Code("UPLOAD-WINDOW", _I, "coverage", "现在是任务的资料上传时间：应提交的材料"),
        Code("COVERAGE-NOT-FROM-FILES", _I, "coverage", "该项由实地考察或问卷调查评定"),
        Code("COVERAGE-NOT-APPLICABLE", _I, "coverage", "本单位声明该项不适用"),
        Code("TARGET-UNMET", _E, "target", "量化指标未达标"),
        Code("TARGET-FIGURES-MISSING", _W, "target", "单位方案缺少计算指标所需的数据"),
        Code("FIGURES-INCONSISTENT", _W, "target", "单位方案的数据前后矛盾"),
        Code("UNIT-PLAN-MISSING", _W, "unit", "证据文件夹中没有单位方案 unit.yaml"),
        Code("UNIT-PERSON-UNKNOWN", _W, "unit", "分工中的人员不在人员名单中"),
        Code("UNIT-ROSTER-DUPLICATE", _W, "unit", "人员名单中有重名"),
        Code("UNIT-HONOUR-LEVEL", _W, "unit", "荣誉称号的级别未在测评细则中声明"),
        Code("UNIT-PROMOTION-TIER", _W, "unit", "经验推介的媒体层级未在测评细则中声明"),
        Code("UNIT-CODE-UNKNOWN", _W, "unit", "ignore 或 select 中的代码不是任何检查的代码"),
        Code("UNIT-PLAN-WARNING", _W, "unit", "单位方案中的其他问题"),
        Code("BONUS-PROOF-MISSING", _W, "unit", "加分项目在“加分”文件夹中没有证明材料"),
    ]
}


def finding(
    code: str, message: str, *, fix: str | None = None, severity: Severity | None = None, **where: object
) -> Finding:
    """Build a finding with the code's default severity; unknown codes are a programming error."""
    spec = CODES[code]
    return Finding(code=code, severity=severity or spec.severity, message=message, fix=fix, **where)  # type: ignore[arg-type]


def code_matches(pattern: str, code: str) -> bool:
    """`--select`/`--ignore` and unit.yaml `select`: a code, a glob (PHOTO-*) or a family prefix (PHOTO)."""
    return fnmatch.fnmatchcase(code, pattern.upper()) or code.startswith(pattern.upper().rstrip("*") + "-")
