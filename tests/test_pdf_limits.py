"""Hostile PDFs: AES encryption (owner password only or not) and content streams that inflate to 1 GB."""

from __future__ import annotations

import io
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from wenming_cli.checks.pdfdoc import MAX_CONTENT_BYTES, analyse_pdf


def inflating_pdf(inflated: int, unit: bytes = b" " * 64) -> bytes:
    """One page whose content stream inflates to `inflated` bytes (compressed about 1000:1), then says Hello."""
    comp = zlib.compressobj(9)
    block = unit * (1_048_576 // len(unit))
    parts, left = [], inflated
    while left > 0:
        piece = block[: min(len(block), left)]
        parts.append(comp.compress(piece))
        left -= len(piece)
    parts += [comp.compress(b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET\n"), comp.flush()]
    stream = b"".join(parts)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_small_content_is_read() -> None:
    result = analyse_pdf(inflating_pdf(100_000), render=False)
    assert result.valid and "Hello" in result.first_page_text and result.notes == ()


@pytest.mark.parametrize("render", [False, True])
def test_inflating_page_is_skipped_with_a_note(render: bool) -> None:
    data = inflating_pdf(MAX_CONTENT_BYTES * 4)
    result = analyse_pdf(data, render=render)
    assert result.valid and result.pages_read == 0 and result.first_page_text == ""
    assert any("解压炸弹" in n for n in result.notes)


def test_one_gigabyte_content_costs_little_memory(tmp_path: Path) -> None:
    path = tmp_path / "bomb.pdf"
    path.write_bytes(inflating_pdf(1_000_000_000))
    assert path.stat().st_size < 1_100_000  # a 1 MB PDF
    code = (
        "import sys, os\n"
        "from wenming_cli.checks.pdfdoc import analyse_pdf\n"
        "r = analyse_pdf(open(sys.argv[1], 'rb').read(), render=True)\n"
        "print(r.notes)\n"
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')]\n"
        "print(hwm[0].split()[1])\n"
    )
    if not Path("/proc/self/status").exists():
        pytest.skip("peak memory is read from /proc (Linux)")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=120)
    lines = out.stdout.strip().splitlines()
    assert "解压炸弹" in out.stdout, out.stderr
    assert int(lines[-1]) < 300_000  # KB; the unbounded reader peaked at ~2,000,000 KB


def _aes(data: bytes, user: str, algorithm: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user, owner_password="owner", algorithm=algorithm)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


@pytest.mark.parametrize("algorithm", ["AES-128", "AES-256"])
def test_aes_owner_password_only_is_read_and_user_password_reported(algorithm: str) -> None:
    plain = inflating_pdf(1000)
    opened = analyse_pdf(_aes(plain, "", algorithm), render=False)
    assert opened.valid and opened.owner_password_only and not opened.encrypted
    assert "Hello" in opened.first_page_text
    locked = analyse_pdf(_aes(plain, "secret", algorithm), render=False)
    assert locked.valid and locked.encrypted and locked.page_count is None


def test_aes_through_check_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from wenming_cli.cli.app import app

    root = Path(__file__).resolve().parents[1]
    ev = tmp_path / "ev"
    docs = ev / "10 党风廉政建设" / "正式发文"
    docs.mkdir(parents=True)
    (ev / "unit.yaml").write_bytes((root / "examples" / "yiyang-party-school" / "unit.yaml").read_bytes())
    (docs / "2021-03-10 通知.pdf").write_bytes(_aes(inflating_pdf(1000), "x", "AES-256"))
    (docs / "2021-03-11 炸弹.pdf").write_bytes(inflating_pdf(MAX_CONTENT_BYTES * 2))
    for quick in ([], ["--quick"]):
        res = CliRunner().invoke(app, ["check", str(ev), "--as-of", "2021-07-10", "--format", "json", *quick])
        assert res.exit_code == 1, res.output
        assert ('"PDF-ENCRYPTED"' in res.stdout) == (not quick)  # --quick does not parse PDFs at all
