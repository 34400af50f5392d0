"""Write the bundle: copy or fit each file into a temporary folder next to OUT, hash it, then rename.

The evidence folder is only read. An interrupted pack leaves at most the hidden temporary folder, which
is removed on the way out; OUT appears whole or not at all.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path

from wenming_cli import photofit
from wenming_cli.errors import InvalidInput, UsageError
from wenming_cli.pack.models import (
    MANIFEST_FORMAT,
    MANIFEST_NAME,
    Manifest,
    ManifestFile,
    PackPlan,
    PlannedFile,
)

CHUNK = 1 << 20
_UTF8_FLAG = 0x800

SheetWriter = Callable[[PackPlan, Manifest, tuple[str, ...]], dict[str, bytes]]


class FitFailed(InvalidInput):
    """Photos that `--fit` could not bring into the window (exit 1 unless --allow-errors)."""

    exit_code = 1


def load_previous(path: Path) -> dict[str, str]:
    """source path → SHA-256 from an earlier pack: its manifest, its folder or its zip."""
    try:
        if path.is_dir():
            text = (path / MANIFEST_NAME).read_text(encoding="utf-8")
        elif zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as zf:
                name = next((i.filename for i in zf.infolist() if _zip_name(i).endswith(MANIFEST_NAME)), None)
                if name is None:
                    raise InvalidInput(
                        f"{path} 中没有 {MANIFEST_NAME}。", hint="--since-last 要给上次打包的结果。"
                    )
                text = zf.read(name).decode("utf-8")
        else:
            text = path.read_text(encoding="utf-8")
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT:
            raise ValueError("not a wenming manifest")
        # Only the files are needed; the items carry findings whose computed fields do not validate back.
        files = [ManifestFile.model_validate(f) for f in data.get("files", [])]
    except (OSError, UnicodeDecodeError, ValueError, AttributeError, TypeError) as exc:
        raise InvalidInput(
            f"无法读取上次的提交清单 {path}（{type(exc).__name__}）。",
            hint=f"--since-last 要给上次打包生成的 {MANIFEST_NAME}、打包文件夹或 zip。",
        ) from None
    return {f.source: f.source_sha256 for f in files}


def _copy_hashed(source: Path, target: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    target.parent.mkdir(parents=True, exist_ok=True)
    with source.open("rb") as src, target.open("xb") as dst:
        while chunk := src.read(CHUNK):
            digest.update(chunk)
            dst.write(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def file_hash(path: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def _changed(f: PlannedFile, size: int, sha: str) -> None:
    if f.source_sha256 is not None and (sha != f.source_sha256 or size != f.source_size):
        raise InvalidInput(
            f"{f.source} 在检查之后被改动过。", hint="请重新运行 wenming pack（它会重新检查）。"
        )


def _fit(evidence: Path, root: Path, f: PlannedFile, settings: photofit.FitSettings, kind: str):
    real_root = Path(os.path.realpath(root))  # photo fit writes only along real paths, never through links
    item = photofit.PlannedPhoto(
        source=evidence / f.source,
        shown=f.source,
        target=real_root / f.packed,
        target_rel=f.packed,
        kind=kind,
        size=f.source_size,
        guard=photofit.WriteGuard(root=real_root, force=True),
    )
    return photofit.fit_photo(item, settings)


def _pack_files(
    plan: PackPlan,
    evidence: Path,
    root: Path,
    fit: Mapping[str, photofit.FitSettings],
    kinds: dict[str, str],
    allow_errors: bool,
) -> tuple[list[ManifestFile], list[str]]:
    files: list[ManifestFile] = []
    failures: list[str] = []
    for item in plan.items:
        for f in item.files:
            target = root / f.packed
            src_size, src_sha = file_hash(evidence / f.source) if f.fit else (None, None)
            fitted = False
            settings = fit.get(item.subject)
            if f.fit and settings is not None:
                _changed(f, src_size, src_sha)  # type: ignore[arg-type]
                result = _fit(evidence, root, f, settings, kinds.get(f.source, "unknown"))
                if result.ok:
                    fitted = True
                else:
                    failures.append(f"{f.source}：{result.reason or result.status}")
            if not target.exists():  # a photo that could not be fitted goes in as it is (--allow-errors)
                src_size, src_sha = _copy_hashed(evidence / f.source, target)
                _changed(f, src_size, src_sha)
            size, sha = file_hash(target)
            files.append(
                ManifestFile(
                    source=f.source,
                    packed=f.packed,
                    size=size,
                    sha256=sha,
                    source_size=src_size,  # type: ignore[arg-type]
                    source_sha256=src_sha,  # type: ignore[arg-type]
                    fitted=fitted,
                    item=item.number,
                )
            )
    if failures and not allow_errors:
        raise FitFailed(
            "以下照片无法调整到规定大小：\n" + "\n".join(failures),
            hint="换用原图，加 --enlarge 允许放大像素，或加 --allow-errors 照原样打包并在提交表中标出。",
        )
    return files, failures


def write_bundle(
    plan: PackPlan,
    evidence: Path,
    out: Path,
    *,
    version: str,
    sheets: SheetWriter,
    fit: Mapping[str, photofit.FitSettings] | None = None,
    kinds: dict[str, str] | None = None,
    zip_encoding: str | None = None,
    allow_errors: bool = False,
    force: bool = False,
) -> tuple[Manifest, list[str]]:
    """Write the bundle (a folder, or a zip when `zip_encoding` is given) and return its manifest."""
    work = out.parent / f".{out.name}.wenming-{os.getpid()}.tmp"
    zipped = out.parent / f".{out.name}.wenming-{os.getpid()}.zip.tmp"
    try:
        work.mkdir()
        files, failures = _pack_files(plan, evidence, work, fit or {}, kinds or {}, allow_errors)
        manifest = Manifest(
            wenming=version,
            rubric=plan.rubric,
            unit=plan.unit,
            evidence=plan.evidence,
            packed_on=plan.as_of,
            selection=plan.selection,
            files=tuple(files),
            items=plan.items,
        )
        (work / MANIFEST_NAME).write_text(manifest.model_dump_json(indent=2), encoding="utf-8")
        for name, data in sheets(plan, manifest, tuple(failures)).items():
            (work / name).write_bytes(data)
        if zip_encoding is not None:
            write_zip(work, zipped, out.stem, zip_encoding)
            _replace(zipped, out, force)
        else:
            _replace(work, out, force)
        return manifest, failures
    finally:
        for leftover in (work, zipped):
            _remove(leftover)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists() or path.is_symlink():
        path.unlink(missing_ok=True)


def _replace(new: Path, out: Path, force: bool) -> None:
    """Put `new` at `out`; an existing `out` (allowed by --force) is moved aside first, then removed.

    "Exists" is decided again here, at the end: another run may have written OUT meanwhile."""
    old = out.parent / f".{out.name}.wenming-{os.getpid()}.old"
    if (out.exists() or out.is_symlink()) and not force:
        raise UsageError(
            f"{out} 已存在（可能刚由另一次运行写入）。", hint="换一个名字，或加 --force 替换它。"
        )
    if out.exists() or out.is_symlink():
        out.rename(old)
    try:
        new.rename(out)
    except OSError:
        if old.exists():
            old.rename(out)
        raise
    _remove(old)


class _GbkInfo(zipfile.ZipInfo):
    """An entry whose name is stored in GBK without the UTF-8 flag, for old Windows unzip tools."""

    def _encodeFilenameFlags(self):  # noqa: N802 (zipfile's own hook)
        return self.filename.encode("gbk"), self.flag_bits & ~_UTF8_FLAG


def write_zip(folder: Path, target: Path, top: str, encoding: str) -> None:
    """Zip `folder` under a top folder `top`: UTF-8 names with the UTF-8 flag, or GBK names without it."""
    entries = sorted(p for p in folder.rglob("*") if p.is_file())
    names = [f"{top}/{p.relative_to(folder).as_posix()}" for p in entries]
    if encoding == "gbk":
        bad = [n for n in names if not _encodable(n, "gbk")]
        if bad:
            raise UsageError(
                "以下文件名含有 GBK 编码无法表示的字符：\n" + "\n".join(bad),
                hint="改用 --zip-encoding utf-8，或改掉这些字符。",
            )
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for path, name in zip(entries, names, strict=True):
            info = _GbkInfo(name) if encoding == "gbk" else zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            if encoding != "gbk":
                info.flag_bits |= _UTF8_FLAG
            info.date_time = _zip_time(path)
            with path.open("rb") as src, zf.open(info, "w") as dst:
                shutil.copyfileobj(src, dst, CHUNK)


def _zip_name(info: zipfile.ZipInfo) -> str:
    """An entry's name; one stored without the UTF-8 flag is read as GBK (what --zip-encoding gbk writes)."""
    if info.flag_bits & _UTF8_FLAG:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def _zip_time(path: Path) -> tuple[int, int, int, int, int, int]:
    import time

    stamp = max(path.stat().st_mtime, 315532800)  # zip cannot store dates before 1980
    return time.localtime(stamp)[:6]
