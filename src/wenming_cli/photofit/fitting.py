"""Fitting one photo: decode, turn upright, keep the reviewer's EXIF, encode inside the window, write.

Runs in worker processes; takes a planned photo and returns its result as plain data.
"""

from __future__ import annotations

import ctypes
import os
import sys
import time
import warnings
from typing import BinaryIO

from PIL import Image

from wenming_cli import sizes
from wenming_cli.evidence.photo import jpeg_truncated
from wenming_cli.fsio import open_regular
from wenming_cli.imaging import decode, fonts, jpeg
from wenming_cli.imaging.messages import image_error_text
from wenming_cli.photofit.models import MAX_ENLARGE, FitSettings, PhotoResult, PlannedPhoto
from wenming_cli.photofit.safety import AlreadyThere, UnsafePath, place

TAIL = 65536  # what `jpeg_truncated` looks at
_PNG_END = b"IEND\xaeB`\x82"  # the IEND chunk's type and CRC


# glibc's M_TOP_PAD: free memory kept at the top of the heap instead of being handed back. Decoding,
# resizing and encoding a 12 MP photo churns ~120 MB; kept, the next photo reuses those pages instead
# of faulting them in again (about a tenth of the CPU time of a photo). The peak is what it was.
_M_TOP_PAD = -2
_KEPT_FOR_NEXT_PHOTO = 128 << 20
_heap_tuned = False


def _keep_freed_memory() -> None:
    """Once per process, on glibc only; elsewhere (Windows, macOS, musl without it) nothing changes."""
    global _heap_tuned
    if _heap_tuned:
        return
    _heap_tuned = True
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None).mallopt(_M_TOP_PAD, _KEPT_FOR_NEXT_PHOTO)
    except (OSError, AttributeError):
        pass


def renamed_note(item: PlannedPhoto) -> list[str]:
    return [f"与同一文件夹中的照片重名，改名为 {item.target.name}"] if item.renamed else []


def _as_is(item: PlannedPhoto, img: Image.Image, turn: int, settings: FitSettings) -> bool:
    """Whether the original can be used byte for byte: right format, upright, plain colours, right size."""
    return (
        item.kind == item.output_kind
        and item.caption is None
        and turn == 1
        and img.mode in (("RGB", "L") if item.kind == "jpeg" else ("RGB", "L", "RGBA", "P", "LA"))
        and settings.inside(item.size)
    )


def _complete(item: PlannedPhoto, handle: BinaryIO) -> bool:
    """Whether the file ends as a whole JPEG or PNG does: the test `check` uses for truncation."""
    handle.seek(max(0, item.size - TAIL))
    tail = handle.read()
    if item.kind == "jpeg":
        return not jpeg_truncated(tail, item.size)
    return _PNG_END in tail


def _fit(item: PlannedPhoto, settings: FitSettings) -> dict[str, object]:
    low, high = settings.bounds
    with open_regular(item.source) as handle:
        img = decode.open_lazily(handle)
        turn = decode.orientation(img)
        # A photo already inside the window is copied byte for byte from what its header and its end
        # say, without decoding its pixels; anything else is decoded here, while the file is open.
        as_is = _as_is(item, img, turn, settings) and _complete(item, handle)
        if not as_is:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                img.load()
        frames = getattr(img, "n_frames", 1)
    done: dict[str, object] = {"width_before": img.width, "height_before": img.height}
    notes = renamed_note(item)
    if as_is:
        same = {"size_after": item.size, "width_after": img.width, "height_after": img.height}
        if settings.in_place:
            return done | same | {"status": "unchanged", "notes": (*notes, "已在大小范围内，未改动")}
        place(item.target, item.guard, copy_of=item.source)
        return done | same | {"status": "copied", "notes": (*notes, "已在大小范围内，原样复制")}
    if frames > 1:
        notes.append("动图只保留第一帧")
    exif = decode.kept_exif(img)
    if not decode.has_capture_date(img):
        notes.append("原片没有 EXIF 拍摄时间（未补写）")
    if turn != 1:
        notes.append(f"已按 EXIF 方向 {turn} 旋转像素")
    rgb, icc, converted = decode.to_rgb(decode.upright(img))
    del img
    if converted:
        notes.append(f"已由 {converted} 转为 RGB" + ("，透明处填白" if "alpha" in converted else ""))
    if item.caption is not None and settings.font is not None:
        if item.caption:
            rgb = fonts.burn_caption(rgb, item.caption, settings.font)
            notes.append("已加字幕条")
        else:
            notes.append("未找到活动说明的时间、地点、主题，未加字幕条")
    max_scale = MAX_ENLARGE if settings.enlarge else 1.0
    if item.output_kind == "png":
        fitted = jpeg.png_within(rgb, low, high, icc, max_scale)
    else:
        fitted = jpeg.jpeg_within(rgb, low, high, exif, icc, max_scale)
    done["encodes"] = fitted.encodes
    if fitted.data is None:
        return done | {"notes": tuple(notes)} | _unfit_reason(fitted, low, settings.enlarge, item.output_kind)
    guard = item.guard
    if settings.in_place and item.target != item.source:
        guard = guard.model_copy(update={"force": False})  # a new name never replaces another file
    place(item.target, guard, data=fitted.data)
    if settings.in_place and item.target != item.source:
        os.unlink(item.source)  # its copy is in the backup folder, verified by hash
        notes.append(f"已换为 {item.target.name}（原文件已备份）")
    if fitted.scale != 1.0:
        notes.append(f"{'放大' if fitted.scale > 1 else '缩小'}到 {fitted.scale:.0%}")
    if fitted.subsampling not in (None, jpeg.SUBSAMPLINGS[0][1]):
        notes.append(f"色度采样 {fitted.subsampling}")
    return done | {
        "status": "fitted",
        "notes": tuple(notes),
        "size_after": len(fitted.data),
        "quality": fitted.quality,
        "subsampling": fitted.subsampling,
        "scale": round(fitted.scale, 4),
        "width_after": fitted.size[0],
        "height_after": fitted.size[1],
    }


def _unfit_reason(fitted: jpeg.JpegFit, low: int | None, enlarge: bool, kind: str) -> dict[str, object]:
    if fitted.top_size is None or low is None:
        return {"status": "failed", "reason": "多轮调整画质和像素后仍未落入大小范围。"}
    if enlarge:
        reason = (
            f"需放大约 {fitted.wanted_scale or 0:.1f} 倍才能达到下限 {sizes.human(low)}，超过 {MAX_ENLARGE:g} 倍的上限；"
            "照片太小，请换原图。"
        )
    else:
        best = (
            "PNG 无损保存"
            if kind == "png"
            else f"画质 {jpeg.MAX_QUALITY}、色度采样 {jpeg.SUBSAMPLINGS[-1][1]}"
        )
        reason = (
            f"{best}时也只有 {sizes.human(fitted.top_size)}，达不到下限 {sizes.human(low)}；"
            "不补填充字节。加 --enlarge 可放大像素。"
        )
    return {"status": "too_small", "reason": reason}


def fit_photo(item: PlannedPhoto, settings: FitSettings) -> PhotoResult:
    """Fit one photo and write it; a photo that cannot be read or fitted comes back with the reason."""
    started = time.perf_counter()
    _keep_freed_memory()
    try:
        done = _fit(item, settings)
    except AlreadyThere:
        done = {
            "status": "blocked",
            "reason": "输出文件已由别处写入（如另一次运行），未覆盖；加 --force 重做。",
        }
    except UnsafePath as exc:
        done = {"status": "failed", "reason": f"{exc}"}
    except decode.TooManyPixels as exc:
        done = {"status": "failed", "reason": str(exc)}
    except Image.DecompressionBombError as exc:
        done = {"status": "failed", "reason": image_error_text(exc)}
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        done = {"status": "failed", "reason": f"无法读取或写入：{image_error_text(exc)}"}
    if done.get("status") in ("fitted", "copied", "unchanged"):
        done["written"] = item.target_rel
    return PhotoResult(
        source=item.shown,
        target=item.target_rel,
        kind=item.kind,
        size_before=item.size,
        seconds=round(time.perf_counter() - started, 3),
        **done,  # type: ignore[arg-type]
    )
