"""Start-up cost: what the entry point settles before any command runs."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest

from wenming_cli.cli import run as run_module


@pytest.fixture
def saved_threshold():
    saved = gc.get_threshold()
    yield
    gc.set_threshold(*saved)


def test_the_collector_waits_for_more_young_objects(saved_threshold) -> None:
    gc.set_threshold(700, 10, 10)
    run_module.fewer_collections()
    assert gc.get_threshold() == (run_module.YOUNG_OBJECTS, 10, 10)


@pytest.mark.parametrize("young", [0, 10 * run_module.YOUNG_OBJECTS])
def test_a_disabled_or_larger_threshold_is_left_alone(saved_threshold, young: int) -> None:
    gc.set_threshold(young, 10, 10)
    run_module.fewer_collections()
    assert gc.get_threshold() == (young, 10, 10)


def test_the_real_entry_point_sets_it() -> None:
    probe = (
        "import gc, sys\n"
        "from wenming_cli.cli.run import main\n"
        "try:\n"
        "    main(['--version'])\n"
        "except SystemExit:\n"
        "    sys.stderr.write(repr(gc.get_threshold()[0]))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stderr.strip().endswith(str(run_module.YOUNG_OBJECTS))


def test_status_line_to_a_pipe_is_the_text_itself(capsys) -> None:
    from wenming_cli.cli.common import status

    status("已写入 [bold]结果.json[/bold] :smile:")  # no markup, no emoji codes, no wrapping
    assert capsys.readouterr().err == "已写入 [bold]结果.json[/bold] :smile:\n"


def test_progress_bar_starts_only_for_a_stage_worth_showing() -> None:
    from wenming_cli.cli.check_cmd import _ProgressBar

    with _ProgressBar() as bar:
        bar.update("扫描", 3, _ProgressBar.MIN_FILES - 1)
        assert bar._bar is None  # a small folder: no live display, no refresh thread
        bar.update("扫描", 10, _ProgressBar.MIN_FILES)
        live = bar._bar
        assert live is not None and live.live.is_started
        bar.update("扫描", 20, _ProgressBar.MIN_FILES)
        assert list(bar._tasks) == ["扫描"]
    assert not live.live.is_started  # stopped when the check is done
