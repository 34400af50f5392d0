"""Pillow's errors said for a clerk: its English texts (and object reprs) never reach a message."""

from __future__ import annotations

import re

from PIL import Image, UnidentifiedImageError

from wenming_cli.fsio import describe_os_error

_BOMB = re.compile(r"Image size \((\d+) pixels\) exceeds limit of (\d+) pixels")


def image_error_text(exc: BaseException) -> str:
    """A Chinese phrase for why an image could not be read or decoded."""
    text = str(exc)
    if isinstance(exc, Image.DecompressionBombError):
        match = _BOMB.search(text)
        if match:
            pixels, limit = (int(g) for g in match.groups())
            return f"图片像素过多（约 {pixels / 1e6:.0f} 百万像素，上限 {limit / 1e6:.0f} 百万），疑似解压炸弹，未解码"
        return "图片像素过多，疑似解压炸弹，未解码"
    if re.search(r"[\u4e00-\u9fff]", text):
        return text  # already ours (TooManyPixels …)
    if isinstance(exc, UnidentifiedImageError):
        return "无法识别的图片格式，或文件已损坏"
    if isinstance(exc, MemoryError):
        return "内存不足，无法解码该图片"
    if "truncated" in text:
        return "图片文件不完整（被截断）"
    if isinstance(exc, OSError) and exc.errno is not None:
        return describe_os_error(exc)
    return f"图片数据已损坏（{type(exc).__name__}）"
