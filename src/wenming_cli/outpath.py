"""Where a folder output (the `pack` bundle) may go: outside the evidence folder, not around it, and
over an existing one only with --force. File outputs go through `cli.common.write_output`."""

from __future__ import annotations

import os
from pathlib import Path

from wenming_cli.errors import UsageError
from wenming_cli.fsio import inside


def check_output(evidence: Path, out: Path, force: bool) -> None:
    """OUT must lie outside the evidence folder, must not contain it, and is replaced only with --force
    (replacing a folder that holds the evidence would delete it)."""
    if inside(out, evidence):
        raise UsageError(
            f"输出位置 {out} 在证据文件夹里面。", hint="wenming 不往证据文件夹里写东西，请换到文件夹外。"
        )
    if out.exists() and inside(evidence, out):
        raise UsageError(f"输出位置 {out} 包含了证据文件夹。", hint="请换一个不包含证据文件夹的位置。")
    if not out.parent.is_dir():
        raise UsageError(f"输出位置的上级文件夹 {out.parent} 不存在。", hint="请先创建该文件夹。")
    if os.path.lexists(out) and not force:
        raise UsageError(f"{out} 已存在。", hint="换一个名字，或加 --force 替换它。")
