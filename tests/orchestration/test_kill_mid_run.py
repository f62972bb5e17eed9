"""A run killed with SIGKILL in the middle of writing leaves the database as it was before it."""

import os
import signal
import subprocess
import sys
import textwrap

from orchestration.cli import main
from tests.helpers import table_contents

# Runs `threadline run` in a child process that kills itself with SIGKILL once every table's
# old rows are deleted and most new rows inserted, inside the open transaction.
DIE_WHILE_WRITING = textwrap.dedent(
    """
    import os, signal, sys
    import threadline.staged as staged
    from threadline.schema import EVENT_COUNTRIES
    real_rows = staged.staged_rows
    def rows_then_die(stage, table, batch_prefix=""):
        if table is EVENT_COUNTRIES:  # the last table the load inserts into
            os.kill(os.getpid(), signal.SIGKILL)
        return real_rows(stage, table, batch_prefix)
    staged.staged_rows = rows_then_die
    from orchestration.cli import main
    sys.exit(main(["run"]))
    """
)


def test_sigkill_while_writing_leaves_the_tables_as_they_were(workspace):
    assert main(["run"]) == 0
    before = table_contents(workspace["db"])
    threads = workspace["threads"]
    edited = threads / "tg_ru_thread.txt"
    edited.write_text(edited.read_text(encoding="utf-8").replace("Берлин", "Варшава"), encoding="utf-8")
    (threads / "ukraine_talks.jsonl").unlink()
    (threads / "new.txt").write_text("1/2 Tokayev spoke in Astana today.\n2/2 More to come.\n", encoding="utf-8")

    child = subprocess.run([sys.executable, "-c", DIE_WHILE_WRITING], env=os.environ.copy(), capture_output=True, text=True)
    assert child.returncode == -signal.SIGKILL, child.stderr[-2000:]
    assert table_contents(workspace["db"]) == before

    # The database is whole: the next run applies every change.
    assert main(["run"]) == 0
    after = table_contents(workspace["db"])
    files = {row[0] for row in after["source_files"]}
    assert "new.txt" in files and "ukraine_talks.jsonl" not in files
