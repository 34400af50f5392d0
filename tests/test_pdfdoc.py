"""PDF checks: structure, encryption, scans, and the red-header and seal heuristics on generated PDFs."""

from __future__ import annotations

import pytest
from pdf_factory import OFFICIAL_TEXT, REPORT_TEXT, Page, bomb_samples, encrypt, make_case, write_pdf
from PIL import Image
from pypdf import PdfReader
from pypdf.errors import DependencyError

from wenming_cli.checks import pdfdoc
from wenming_cli.checks.pdfdoc import analyse_pdf


@pytest.fixture(scope="module")
def official() -> bytes:
    return make_case("official", header="red", seal_page=1, seed=11).data


def test_official_document_with_red_header_and_seal(official: bytes) -> None:
    result = analyse_pdf(official)
    assert result.valid and result.error is None
    assert result.page_count == 1 and result.pages_read == 1
    assert not result.encrypted and not result.owner_password_only
    assert not result.image_only and result.text_pages == 1
    assert result.first_page_text.splitlines() == list(OFFICIAL_TEXT)
    assert result.doc_number == "益文明办〔2021〕10号"
    assert result.official_words == ("文件", "印发", "通知")
    assert result.looks_official
    assert result.red_header.seen and result.red_header.pages == (1,)
    assert result.red_header.description.startswith("首页顶部发现红色标题文字（占页宽")
    assert "红色横线" in result.red_header.description
    assert result.seal.seen and result.seal.pages == (1,) and result.seal.page == 1
    assert result.seal.description.startswith("第 1 页发现红色圆形印章（直径约 ")
    assert 36 <= result.seal.diameter_mm <= 47  # drawn 36–45 mm across
    assert result.notes == ()


def test_scanned_document_sealed_on_a_later_page() -> None:
    data = make_case("scan", header="red", seal_page=2, pages=3, scan=1.0, text_layer=False, seed=12).data
    result = analyse_pdf(data)
    assert result.page_count == 3 and result.pages_read == 3
    assert result.image_only and result.text_pages == 0 and result.first_page_text == ""
    assert not result.looks_official  # a scan has no text to classify by
    assert result.red_header.seen
    assert result.seal.seen and result.seal.pages == (2,)
    assert result.seal.description.startswith("第 2 页发现红色圆形印章")


@pytest.mark.parametrize(
    ("kwargs", "header", "seal"),
    [
        (dict(header="red", pages=2), True, None),
        (dict(header="rule_only", seal_page=1, seal_style="pink"), True, 1),
        (dict(vector_header=True, seal_page=1), True, 1),
        (dict(header="two_lines", seal_page=3, pages=3, seal_style="small"), True, 3),
        (dict(header="red", seal_page=1, seal_style="rotated", scan=1.5, text_layer=False), True, 1),
        (dict(header="red", seal_page=1, seal_style="light", scan=1.0, text_layer=False), True, 1),
        (dict(header="red", seal_page=2, pages=2, seal_style="vector"), True, 2),
        (dict(header="black", seal_page=1), False, 1),
        (dict(header="black", scan=1.0, text_layer=False), False, None),
        (dict(header="underline"), False, None),
        (dict(header="none", seal_page=1, seal_style="large"), False, 1),
        (dict(header="none", distractor="red_photo"), False, None),
        (dict(header="none", distractor="red_pie"), False, None),
        (dict(header="none", distractor="red_dot"), False, None),
        (dict(header="none", distractor="red_frame"), False, None),
        (dict(header="none", distractor="red_emblem"), False, None),
        (dict(header="none", distractor="red_title"), False, None),
        (dict(header="none", distractor="red_banner_top"), False, None),
        (dict(header="none", distractor="red_chart_top"), False, None),
    ],
)
def test_heuristics_on_generated_documents(kwargs: dict, header: bool, seal: int | None) -> None:
    result = analyse_pdf(make_case("case", seed=21, **kwargs).data)
    assert result.red_header.seen is header, result.red_header.description
    assert result.seal.pages == ((seal,) if seal else ()), result.seal.description


def test_what_was_not_seen_is_described() -> None:
    result = analyse_pdf(make_case("pie", header="none", distractor="red_pie", seed=5).data)
    assert result.red_header.description == "首页顶部未发现红色标题或红色横线（顶部没有红色）"
    assert result.seal.description == "检查了 1 页，未发现红色圆形印章（第 1 页有红色图形，但不呈圆环形）"
    underline = analyse_pdf(make_case("u", header="underline", seed=5).data)
    assert underline.red_header.description.startswith(
        "首页顶部未发现红色标题或红色横线（有红色，但不像红头：最宽处占页宽"
    )


def test_report_pdf_is_not_official() -> None:
    result = analyse_pdf(make_case("report", header="none", seed=3).data)
    assert result.first_page_text.splitlines() == list(REPORT_TEXT)
    assert result.doc_number is None and result.official_words == () and not result.looks_official


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("益文明办[2021]10号", "益文明办[2021]10号"),
        ("市文明委〔2022〕 3 号", "市文明委〔2022〕3号"),
        ("益文明办［2021］１２号", "益文明办[2021]12号"),
        ("2021年10月", None),
    ],
)
def test_document_number_forms(line: str, number: str | None) -> None:
    result = analyse_pdf(write_pdf([Page(text=(line,))]), render=False)
    assert result.doc_number == number


def test_greyscale_scan_cannot_be_judged() -> None:
    data = make_case("grey", header="red", seal_page=1, scan=1.0, grey=True, text_layer=False, seed=4).data
    result = analyse_pdf(data)
    assert not result.red_header.seen and result.red_header.colourless
    assert not result.seal.seen and result.seal.colourless
    assert "黑白或灰度扫描" in result.red_header.description


def test_user_password_means_encrypted(official: bytes) -> None:
    result = analyse_pdf(encrypt(official, user_password="open", owner_password="own"))
    assert result.valid and result.encrypted and not result.owner_password_only
    assert result.page_count is None
    assert result.red_header is None and result.seal is None
    assert result.notes == ("需要打开密码，未检查页面内容",)


def test_owner_password_only_is_fine(official: bytes) -> None:
    result = analyse_pdf(encrypt(official, user_password="", owner_password="own"))
    assert result.valid and not result.encrypted and result.owner_password_only
    assert result.page_count == 1
    assert result.doc_number == "益文明办〔2021〕10号"
    assert result.red_header.seen and result.seal.pages == (1,)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", "文件为空（0 字节）"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "不是 PDF 文件（缺少 %PDF 文件头）"),
        (b"%PDF-1.7\n" + bytes(range(256)) * 4, "PDF 文件已损坏，无法读取"),
    ],
)
def test_unreadable_files_give_an_error(data: bytes, error: str) -> None:
    result = analyse_pdf(data)
    assert not result.valid and result.error.startswith(error)
    assert result.red_header is None and result.seal is None


def test_truncated_and_damaged_pdfs_never_raise(official: bytes) -> None:
    for cut in (20, 200, len(official) // 2, len(official) - 30):
        result = analyse_pdf(official[:cut])
        assert result.error or result.valid
    damaged = bytearray(official)
    for position in range(100, len(damaged), 997):
        damaged[position] ^= 0x5A
    result = analyse_pdf(bytes(damaged))
    assert result.error or result.valid


def test_zero_pages() -> None:
    result = analyse_pdf(write_pdf([]))
    assert result.valid and result.error is None and result.page_count == 0
    assert result.notes == ("PDF 没有任何页面",)
    assert result.red_header is None and result.seal is None


def test_aes_without_crypto_package_falls_back_to_pdfium(
    official: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    # WPS and scanner apps often use AES; pypdf needs an extra package for it, pdfium does not.
    def no_aes(self, password):
        raise DependencyError("cryptography is required for AES")

    monkeypatch.setattr(PdfReader, "decrypt", no_aes)
    owner_only = analyse_pdf(encrypt(official, user_password="", owner_password="own"))
    assert owner_only.owner_password_only and not owner_only.encrypted
    # Without pypdf's view of the pages their cost cannot be bounded: counted, not read.
    assert owner_only.page_count == 1 and owner_only.pages_read == 0
    assert any("缺少解密组件" in n for n in owner_only.notes)
    locked = analyse_pdf(encrypt(official, user_password="open", owner_password="own"))
    assert locked.encrypted and locked.page_count is None


def test_render_false_skips_the_heuristics(official: bytes) -> None:
    result = analyse_pdf(official, render=False)
    assert result.valid and result.red_header is None and result.seal is None
    assert result.doc_number == "益文明办〔2021〕10号"


def test_only_the_first_pages_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdfdoc, "MAX_PAGES", 2)
    data = make_case("long", header="red", seal_page=3, pages=3, seed=8).data
    result = analyse_pdf(data)
    assert result.page_count == 3 and result.pages_read == 2
    assert result.notes == ("共 3 页，只检查了前 2 页",)
    assert not result.seal.seen and result.seal.description.startswith("检查了 2 页")


def test_huge_page_size_is_rendered_small() -> None:
    page = Page(image=Image.new("RGB", (50, 50), "white"), width_pt=200_000, height_pt=200_000)
    result = analyse_pdf(write_pdf([page]))
    assert result.valid and result.red_header is not None and not result.seal.seen


def test_decompression_bomb_image_is_not_rendered() -> None:
    data = write_pdf([Page(flate_image=bomb_samples(12_000))])  # 144 million pixels, ~0.4 MB
    result = analyse_pdf(data)
    assert result.valid
    assert result.notes == ("第 1 页含超大图像（约 14400 万像素），未渲染",)
    assert result.red_header.description == "首页未渲染，无法判断"
    assert result.seal.description == "检查了 1 页，未发现红色圆形印章；1 页未渲染"
