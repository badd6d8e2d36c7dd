"""``loyalty-lab run`` prints a readable table and refuses bad input clearly."""

import json
import subprocess
import sys

import pytest

from sim import runcli
from sim.cli import main as cli_main


def test_run_prints_summary(capsys):
    assert cli_main(["run", "--preset", "lifelong", "--seed", "2"]) == 0
    out = capsys.readouterr().out
    for text in ("Lifecycle patterns", "long-term retention", "unresolved", "repurchase",
                 "price tolerance", "profit", "mean lifetime value"):
        assert text in out


def test_run_field_overrides_change_the_result(capsys):
    runcli.main(["--price", "1.2", "--json"])
    low = json.loads(capsys.readouterr().out)
    runcli.main(["--price", "0.9", "--json"])
    high = json.loads(capsys.readouterr().out)
    assert low["scenario"]["price"] == 1.2
    assert low["pattern_shares"]["III"] > high["pattern_shares"]["III"]


@pytest.mark.parametrize("args,needle", [
    (["--price", "2"], "'price' must be a number in [0.7, 1.5]; got 2.0"),
    (["--price", "abc"], "got 'abc'"),
    (["--n-customers", "0"], "'n_customers' must be a whole number"),
    (["--preset", "nope"], "Unknown preset 'nope'"),
])
def test_bad_input_is_one_clear_line(args, needle, capsys):
    assert runcli.main(args) == 2
    err = capsys.readouterr().err
    assert needle in err
    assert "Traceback" not in err


def test_unknown_option_is_refused(capsys):
    with pytest.raises(SystemExit) as info:
        runcli.main(["--fairnes", "0.3"])
    assert info.value.code == 2
    assert "unrecognized arguments" in capsys.readouterr().err


def test_console_script_entry_point():
    out = subprocess.run([sys.executable, "-m", "sim.cli", "run", "--periods", "6"],
                         capture_output=True, text=True, check=True)
    assert "Lifecycle patterns" in out.stdout


def test_help_lists_subcommands(capsys):
    assert cli_main([]) == 0
    assert "grade" in capsys.readouterr().out
    assert cli_main(["frobnicate"]) == 2
