"""Evidence given as a zip archive: extract it safely, check the folder, and report in archive terms."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from wenming_cli.checks.codes import finding
from wenming_cli.evidence.archive import Extraction, is_zip, opened_archive
from wenming_cli.models.results import CheckResult


@dataclass(frozen=True)
class EvidenceSource:
    """The folder to check, and the archive it came from (None for a plain folder)."""

    folder: Path
    extraction: Extraction | None = None

    def annotate(self, result: CheckResult) -> CheckResult:
        """Name the archive instead of the temporary folder, and add a note per skipped entry."""
        ex = self.extraction
        if ex is None:
            return result
        prefix = f"{ex.inner}/" if ex.inner else ""
        notes = tuple(
            finding(
                "ARCHIVE-SKIPPED",
                f"压缩包中的“{n.entry}”：{n.message}",
                path=n.entry[len(prefix) :] if prefix and n.entry.startswith(prefix) else n.entry,
            )
            for n in ex.notes
        )
        return result.model_copy(update={"evidence": ex.shown, "findings": notes + tuple(result.findings)})


@contextmanager
def open_evidence(path: Path) -> Iterator[EvidenceSource]:
    """A folder is used as it is; a zip archive is extracted for the duration of the block."""
    if not is_zip(path):
        yield EvidenceSource(path)
        return
    with opened_archive(path) as extraction:
        yield EvidenceSource(extraction.folder, extraction)
