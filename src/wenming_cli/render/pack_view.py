"""What `pack` tells the clerk: the items packed (or the errors that stopped it), for people and machines."""

from __future__ import annotations

from wenming_cli.models.finding import Finding
from wenming_cli.pack.models import PackResult
from wenming_cli.pack.run import PackOutcome
from wenming_cli.render.console import md_table
from wenming_cli.render.formats import OutputFormat, to_json
from wenming_cli.render.pack_sheet import remarks


def summary_line(outcome: PackOutcome, out: str) -> str:
    plan = outcome.plan
    if outcome.blocked:
        return f"有 {len(plan.blocking)} 个错误涉及本次要提交的材料，未打包。改正后重试，或加 --allow-errors 照样打包并在提交表中标出。"
    if outcome.manifest is None:
        extra = f"（{plan.unchanged} 项与上次相同）" if plan.unchanged else ""
        return f"没有需要打包的材料{extra}，未写入任何文件。"
    files = len(outcome.manifest.files)
    text = f"已打包 {len(plan.items)} 项材料、{files} 个文件到 {out}。"
    if plan.unchanged:
        text += f" 与上次相同未打包 {plan.unchanged} 项。"
    if plan.blocking:
        text += f" 含 {len(plan.blocking)} 个错误，已在资料提交表备注中标出。"
    return text


def _finding_rows(findings: tuple[Finding, ...]) -> list[list[str]]:
    return [[f.code, f.subject, f.path or "", f.message] for f in findings]


def render(outcome: PackOutcome, fmt: OutputFormat, out: str) -> str:
    plan = outcome.plan
    if fmt == OutputFormat.json:
        written = outcome.manifest is not None
        result = PackResult(
            written=written,
            output=out if written else None,
            summary=summary_line(outcome, out),
            plan=plan,
            manifest=outcome.manifest,
            fit_failures=outcome.failures,
        )
        return to_json(result.model_dump(mode="json"))
    parts = []
    if outcome.blocked:
        parts += [
            "## 未打包：以下错误涉及要提交的材料",
            "",
            md_table(["代码", "对象", "文件", "问题"], _finding_rows(plan.blocking)),
        ]
    if plan.items:
        rows = [
            [
                str(i.number),
                i.subject_title,
                i.name,
                i.kind_label,
                str(i.copies),
                i.due.isoformat(),
                remarks(i, outcome.manifest, outcome.failures),
            ]
            for i in plan.items
        ]
        title = "## 已打包" if outcome.manifest is not None else "## 本次应提交的材料"
        parts += [
            title,
            "",
            md_table(["序号", "任务/标准", "材料名称", "类型", "份数", "截止日期", "备注"], rows),
        ]
    if plan.skipped:
        parts += ["## 未打包的文件", "", *(f"- {s}" for s in plan.skipped), ""]
    parts.append(summary_line(outcome, out))
    return "\n".join(parts) + "\n"
