"""Reading the CSV files people export from Excel, trade-fair apps and B2B platforms.

Rows come with the line they start on. A row that cannot be right is reported and
skipped, and reading goes on: a quote never closed would otherwise swallow the rest
of the file into one value, and a line separated by ';' in a ',' file would become
one company named "Eta Srl;Luca;…".
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from .errors import MailcrmError

DELIMITERS = ",;\t"
# Columns that may hold a line break inside quotes; in any other a line break means a
# quote opened and never closed.
MULTILINE_FIELDS = {"note", "product"}


@dataclass
class Row:
    """One record: its first line, and either its values by field or why it was skipped."""

    line: int
    values: dict[str, str] = field(default_factory=dict)
    problem: str | None = None


def read_text(path: Path) -> str:
    """UTF-8 (with or without BOM), else GBK as Excel in China saves it."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise MailcrmError(f"{path}: {exc.strerror}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030", "replace")
    if not text.strip():
        raise MailcrmError(f"{path}: the file is empty")
    return text.replace("\x00", "")  # csv refuses NUL bytes; they carry nothing


def header_key(text: str) -> str:
    return re.sub(r"[\s_\-./()（）]+", "", (text or "").strip().lower())


def delimiter_of(header_line: str) -> str:
    """The file's separator: the candidate the header line holds most of."""
    return max(DELIMITERS, key=header_line.count)


def read_rows(path, fields: dict[str, tuple[str, ...]], required_any: tuple[str, ...]) -> Iterator[Row]:
    """Rows of a CSV file with a header; `fields` maps each field to its header aliases."""
    path = Path(path)
    lines = read_text(path).splitlines(keepends=True)
    delimiter = delimiter_of(lines[0])
    header = next(csv.reader(lines[:1], delimiter=delimiter))
    lookup = {header_key(alias): name for name, aliases in fields.items() for alias in (name, *aliases)}
    columns = {index: lookup[header_key(h)] for index, h in enumerate(header) if header_key(h) in lookup}
    if not any(name in columns.values() for name in required_any):
        raise MailcrmError(
            f"{path}: line 1: no {' or '.join(required_any)} column "
            f"(found: {', '.join(h for h in header if h) or 'nothing'})"
        )
    for line, cells, problem in records(lines, delimiter, len(header), columns):
        if problem:
            yield Row(line, problem=problem)
        elif any(cell.strip() for cell in cells):
            yield Row(line, {name: cells[index].strip() for index, name in columns.items() if index < len(cells)})


def records(lines: list[str], delimiter: str, width: int, columns: dict[int, str]) -> Iterator[tuple]:
    """(line, cells, problem) for each record after the header; after a broken quote,
    reading starts again on the line after the one the quote opened on."""
    position = 1  # index into lines of the next record
    while position < len(lines):
        reader = csv.reader(iter(lines[position:]), delimiter=delimiter)
        consumed = 0
        try:
            for cells in reader:
                start, consumed = position + consumed, reader.line_num
                problem = broken_quote(cells, columns, delimiter, width, reader.line_num + position - start)
                if problem:
                    yield start + 1, cells, problem
                    position = start + 1
                    break
                yield start + 1, cells, misaligned(cells, delimiter, width)
            else:
                return
        except csv.Error as exc:
            yield position + consumed + 1, [], f"unreadable ({exc}): row skipped"
            position += consumed + 1


def broken_quote(cells: list[str], columns: dict[int, str], delimiter: str, width: int, span: int) -> str | None:
    """A value over several lines that no quote can have meant: a name with a line break,
    or a note whose next lines are rows of the file."""
    if span <= 1:
        return None
    for index, name in columns.items():
        value = cells[index] if index < len(cells) else ""
        if "\n" not in value:
            continue
        if name not in MULTILINE_FIELDS or any(
            looks_like_row(line, delimiter, width) for line in value.splitlines()[1:]
        ):
            return (
                f"a quote opened in this line is never closed (the {name} ran over {span} lines): "
                "row skipped, reading goes on with the next line"
            )
    return None


def looks_like_row(line: str, delimiter: str, width: int) -> bool:
    return width > 1 and line.count(delimiter) >= width - 1


def misaligned(cells: list[str], delimiter: str, width: int) -> str | None:
    """A row whose values cannot sit under the header: another separator, or one too many."""
    if len(cells) < width:
        text = delimiter.join(cells)
        for other in DELIMITERS.replace(delimiter, ""):
            if looks_like_row(text, other, width):
                return f"separated by {name_of(other)} where the file uses {name_of(delimiter)}: row skipped"
    if len(cells) > width and any(cell.strip() for cell in cells[width:]):
        return (
            f"{len(cells)} values under {width} columns (a {name_of(delimiter)} inside a value that "
            "is not in quotes?): row skipped"
        )
    return None


def name_of(delimiter: str) -> str:
    return {"\t": "tabs", ",": "commas", ";": "semicolons"}[delimiter]
