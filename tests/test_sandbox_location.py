"""The grader's sandbox works wherever the checkout and its venv live, /tmp included."""

import shutil
import sys
from pathlib import Path

import pytest

from sim.grading import sandbox

needs_bwrap = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap not installed")


def test_tmp_is_mounted_before_the_environment():
    cmd = sandbox.bwrap_command(Path("/x/n.ipynb"), Path("/x/c.json"), Path("/x/out"),
                                sys.executable, {})
    tmp_mount = next(i for i in range(len(cmd) - 1)
                     if cmd[i] == "--tmpfs" and cmd[i + 1] == "/tmp")
    prefix = str(Path(sys.prefix).resolve())
    env_bind = next(i for i in range(len(cmd) - 1)
                    if cmd[i] == "--ro-bind" and prefix.startswith(cmd[i + 1]))
    # bubblewrap mounts in order: a later /tmp tmpfs would hide a venv under /tmp
    assert tmp_mount < env_bind


@needs_bwrap
def test_bubblewrap_is_detected_when_installed():
    # the suite installs bubblewrap (scripts/system-deps.sh); if the probe failed,
    # grading would fall back to no sandbox, so a failure here must be loud
    assert sandbox.detect_sandbox() == "bubblewrap"
