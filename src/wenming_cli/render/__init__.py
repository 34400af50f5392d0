"""Renderers: findings, rubrics, diffs and scorecards to terminal, json, markdown, xlsx, docx."""
