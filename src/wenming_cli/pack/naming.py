"""Names of packed files: the rubric's template (Yiyang 附件3 注2) or, without one, the clerk's names."""

from __future__ import annotations

import posixpath
from collections.abc import Sequence

from wenming_cli.checks.pdfdoc import find_doc_number
from wenming_cli.evidence.layout import safe_folder_name
from wenming_cli.models.rubric import FileNaming
from wenming_cli.models.unit import UnitPlan


def document_number(file_name: str, pdf_analysis: object | None) -> str | None:
    """The 文号 from the file name, else from the PDF's first page (as the scan read it)."""
    stem = posixpath.splitext(file_name)[0]
    return find_doc_number(stem) or getattr(pdf_analysis, "doc_number", None)


MAX_STEM = 80


class Namer:
    """Gives each piece its material name and each file its packed name, unique inside its folder."""

    def __init__(self, naming: FileNaming | None, plan: UnitPlan | None, year: int) -> None:
        self.naming = naming
        self.plan = plan
        self.year = year
        self._taken: dict[str, set[str]] = {}

    def material_name(self, title: str, doc_number: str | None) -> str:
        """材料名称: the template applied to the piece's title, with its 文号 where one is known."""
        name = self._templated(title)
        if doc_number and doc_number not in name:
            if self.naming is not None:
                name = self.naming.with_document_number.format(name=name, document_number=doc_number)
            else:
                name = f"{name}（{doc_number}）"
        return name

    def _templated(self, title: str) -> str:
        if self.naming is None or self.plan is None:
            return title
        unit = self.plan.unit
        fields = {
            "unit": unit.name,
            "unit_short": unit.short_names[0] if unit.short_names else unit.name,
            "year": str(self.year),
        }
        # A title that already follows the template (the clerk named it so) is not prefixed twice.
        head = self.naming.template.split("{title}")[0].format(**fields)
        literal = self.naming.template.split("{")[0]
        if (head and title.startswith(head)) or (literal and title.startswith(literal)):
            return title
        return self.naming.template.format(**fields, title=title)

    def files(self, folder: str, base: str, sources: Sequence[tuple[str, str]]) -> list[str]:
        """Packed paths for one piece's files (source name, new extension), numbered when several.

        Without a template the clerk's names are kept: the activity keeps its folder, each file its name.
        """
        if self.naming is None:
            return [self._unique(folder, name) for name, _ in sources]
        out = []
        for i, (_, ext) in enumerate(sources, start=1):
            stem = self.naming.numbered.format(name=base, n=i) if len(sources) > 1 else base
            out.append(self._unique(folder, safe_folder_name(stem) + ext))
        return out

    def _unique(self, folder: str, name: str) -> str:
        """A name not yet used in the folder; a clash gets a visible (2), (3) …"""
        taken = self._taken.setdefault(folder, set())
        stem, ext = posixpath.splitext(name)
        stem = stem[:MAX_STEM].rstrip(" .")  # Windows' 260-character paths: long titles are cut, visibly
        candidate, n = stem + ext, 2
        while candidate.lower() in taken:
            candidate = f"{stem} ({n}){ext}"
            n += 1
        taken.add(candidate.lower())
        return posixpath.join(folder, candidate)
