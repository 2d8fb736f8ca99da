"""docs/performance.md is made of sections, one per benchmark script, each rewritten alone.

A section sits between ``<!-- begin NAME -->`` and ``<!-- end NAME -->``; a script that
has not written its section before appends it.
"""

from __future__ import annotations

from pathlib import Path

PERFORMANCE = Path(__file__).resolve().parent.parent / "docs" / "performance.md"


def replace_section(name: str, markdown: str, path: Path = PERFORMANCE) -> None:
    begin, end = f"<!-- begin {name} -->", f"<!-- end {name} -->"
    block = f"{begin}\n{markdown.strip()}\n{end}"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if begin in text and end in text:
        head, _, rest = text.partition(begin)
        _, _, tail = rest.partition(end)
        text = head + block + tail
    else:
        text = (text.rstrip() + "\n\n" if text.strip() else "") + block + "\n"
    path.write_text(text, encoding="utf-8")
