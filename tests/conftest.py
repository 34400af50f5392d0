import sys
from pathlib import Path

# Test helpers (evidence_factory, pdf_factory) live beside the tests.
sys.path.insert(0, str(Path(__file__).resolve().parent))


import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    """No test writes into the real user cache: the facts cache lives in a temporary folder."""
    monkeypatch.setenv("WENMING_CACHE_DIR", str(tmp_path_factory.mktemp("wenming-cache")))
