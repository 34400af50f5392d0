"""Honours and promotions claimed in the unit plan need their proof in 加分/."""

from __future__ import annotations

from collections.abc import Iterator

from wenming_cli.checks.codes import finding
from wenming_cli.checks.context import CheckContext
from wenming_cli.evidence import layout
from wenming_cli.models.finding import Finding
from wenming_cli.proofs import claim_field, find_proof, missing_proof_text, proof_fix


def check_bonus_proofs(ctx: CheckContext) -> Iterator[Finding]:
    """One finding per claim without its proof; a personal claim only where some rule counts it."""
    if ctx.plan is None:
        return
    files = ctx.scan.inventory.bonus_files
    for kind, items in (("honour", ctx.plan.honours), ("promotion", ctx.plan.promotions)):
        rules = [r for r in ctx.rubric.bonuses if r.kind == kind]
        if not rules:
            continue
        label = rules[0].label
        for item in items:
            if item.holder == "personal" and all(r.unit_only for r in rules):
                continue
            if find_proof(item, files) is not None:
                continue
            yield finding(
                "BONUS-PROOF-MISSING",
                f"{label}“{item.name}”：{missing_proof_text(item)}，该项不加分。",
                fix=proof_fix(item.name, item.document_date),
                path=layout.UNIT_PLAN_NAME,
                field=claim_field(kind, item.content_key, item.name),
            )
