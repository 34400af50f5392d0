"""Typed, frozen models: rubric, unit plan, finding.

Start-up cost: these modules build their classes at import, on every run. They do not use
`from __future__ import annotations` (pydantic would then compile and evaluate every field's annotation
string), and their classes build their validators when first used (`defer_build` in common.Frozen), so a
command pays only for the models it validates or creates.
"""
