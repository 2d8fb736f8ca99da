"""``upgrade()`` leaves an up-to-date database alone without importing Alembic.

The kiosk opens its journal and the staff store at every start; importing Alembic only
to learn that nothing needs migrating cost about 0.15 s of the start (issue #4, start
time). These tests keep the shortcut honest: the heads it reads from the scripts are
Alembic's own, and a database that does need a migration still gets it.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from kiosk.core.database import (
    alembic_config,
    current_revision,
    make_engine,
    script_heads,
    stored_revisions,
    upgrade,
)

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ("catalog", "journal", "store")


@pytest.mark.parametrize("schema", SCHEMAS)
def test_script_heads_are_alembics_heads(schema: str) -> None:
    expected = set(ScriptDirectory.from_config(alembic_config(schema)).get_heads())  # type: ignore[arg-type]
    assert expected
    assert script_heads(schema) == expected  # type: ignore[arg-type]


def test_a_new_file_is_migrated_and_then_recorded_at_head(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "journal.db")
    assert stored_revisions(engine) == frozenset()
    upgrade(engine, "journal")
    assert stored_revisions(engine) == script_heads("journal")
    assert current_revision(engine) in script_heads("journal")
    engine.dispose()


UP_TO_DATE_WITHOUT_ALEMBIC = textwrap.dedent(
    """
    import sys
    from kiosk.core.database import make_engine, stored_revisions, script_heads, upgrade
    engine = make_engine(sys.argv[1])
    assert stored_revisions(engine) == script_heads("journal")
    upgrade(engine, "journal")
    assert "alembic" not in sys.modules, "alembic imported for an up-to-date file"
    engine.dispose()
    other = make_engine(sys.argv[2])
    upgrade(other, "journal")  # a new file: a real migration
    assert "alembic" in sys.modules
    assert stored_revisions(other) == script_heads("journal")
    other.dispose()
    """
)


def test_an_up_to_date_file_does_not_import_alembic(tmp_path: Path) -> None:
    ready = tmp_path / "ready.db"
    engine = make_engine(ready)
    upgrade(engine, "journal")
    engine.dispose()
    done = subprocess.run(
        [sys.executable, "-c", UP_TO_DATE_WITHOUT_ALEMBIC, str(ready), str(tmp_path / "new.db")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
