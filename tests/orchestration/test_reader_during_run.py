"""A reader holding the database (a user's SQL session) delays a run's writes; it does not break the run."""

import subprocess
import sys
import textwrap

from orchestration.cli import main
from tests.helpers import scalar

HOLD_READ_ONLY = textwrap.dedent(
    """
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1], read_only=True)
    con.execute("SELECT count(*) FROM tweets").fetchall()
    print("holding", flush=True)
    time.sleep(float(sys.argv[2]))
    con.close()
    """
)


def test_a_run_waits_for_a_reader_and_then_writes(workspace):
    assert main(["run"]) == 0
    (workspace["threads"] / "new.txt").write_text("1/1 Tokayev spoke in Astana today.\n", encoding="utf-8")
    reader = subprocess.Popen([sys.executable, "-c", HOLD_READ_ONLY, str(workspace["db"]), "4"], stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().strip() == "holding"
        assert main(["run"]) == 0
    finally:
        reader.wait(timeout=60)
    assert scalar(workspace["db"], "SELECT count(*) FROM tweets WHERE source_file = 'new.txt'") == 1
