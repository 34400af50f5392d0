"""Where a command may write: outside the evidence folder, never over an existing output without --force,
and atomically (a temporary file next to the target, renamed at the end)."""

from __future__ import annotations

import os
from pathlib import Path

from wenming_cli.errors import UsageError


def _resolved(path: Path) -> Path:
    return Path(os.path.realpath(path))


def check_output(evidence: Path, out: Path, force: bool) -> None:
    """OUT must lie outside the evidence folder, must not contain it, and is replaced only with --force."""
    ev, target = _resolved(evidence), _resolved(out)
    if target == ev or ev in target.parents:
        raise UsageError(
            f"输出位置 {out} 在证据文件夹里面。", hint="wenming 不往证据文件夹里写东西，请换到文件夹外。"
        )
    if target in ev.parents:
        raise UsageError(f"输出位置 {out} 包含了证据文件夹。", hint="请换一个不包含证据文件夹的位置。")
    if not target.parent.is_dir():
        raise UsageError(f"输出位置的上级文件夹 {out.parent} 不存在。", hint="请先创建该文件夹。")
    if (out.exists() or out.is_symlink()) and not force:
        raise UsageError(f"{out} 已存在。", hint="换一个名字，或加 --force 替换它。")


def write_atomic(out: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder, so the target is whole or untouched."""
    partial = out.with_name(f".{out.name}.wenming-{os.getpid()}.tmp")
    try:
        partial.write_bytes(data)
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
