"""A crash Python cannot turn into an exception (an abort inside Qt) leaves a trace the user
can send: every thread's Python stack in `<data dir>/logs/fatal.log`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CRASH = """
import os, sys, threading
from pathlib import Path
from advisor_desk.logs import record_fatal_errors

def open_the_store_then_abort():
    os.abort()

print(record_fatal_errors(Path(sys.argv[1])))
worker = threading.Thread(target=open_the_store_then_abort, name="open-store")
worker.start()
worker.join()
"""


def test_an_abort_leaves_every_threads_stack_in_the_fatal_log(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", CRASH, str(tmp_path)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode != 0
    fatal = tmp_path / "logs" / "fatal.log"
    assert done.stdout.strip() == str(fatal)
    text = fatal.read_text(encoding="utf-8")
    assert "Fatal Python error: Aborted" in text
    assert "open_the_store_then_abort" in text  # the thread that crashed
    assert "in <module>" in text  # and the main thread, where it waited


def test_a_second_start_appends(tmp_path: Path) -> None:
    for _ in range(2):
        subprocess.run(
            [sys.executable, "-c", CRASH, str(tmp_path)], capture_output=True, timeout=60
        )
    text = (tmp_path / "logs" / "fatal.log").read_text(encoding="utf-8")
    assert text.count("Fatal Python error: Aborted") == 2
