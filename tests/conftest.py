import sys
from pathlib import Path

# Test helpers (evidence_factory, pdf_factory) live beside the tests.
sys.path.insert(0, str(Path(__file__).resolve().parent))
