"""Reading a table out of an uploaded file, whatever Excel or a ministry's system made of it.

The file's content decides how it is read, never its name: a ZIP that openpyxl opens is a workbook; text
(UTF-8 with or without a BOM, UTF-16 as Excel's "Unicode text" writes it, or Windows-1256 as Iranian Excel
saves CSV) is CSV; anything else is refused with a message saying so. Rows are streamed, twice if the importer
asks (one pass to check, one to write): nothing here holds more than one row at a time.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _

from jahesh.core.text import BIDI_CONTROLS, strip_bidi

#: A file with more data rows than this is refused before anything is checked: split it.
MAX_ROWS = 1_000_000
#: The header is looked for among the first rows (a title or a note may stand above the table).
HEADER_SEARCH_ROWS = 20

_SNIFF_BYTES = 64 * 1024
_ZIP_MAGIC = b"PK\x03\x04"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the pre-2007 .xls format (and .doc)
_DELIMITERS = (",", ";", "\t", "؛", "|")


class FileError(Exception):
    """The file cannot be read as a table; ``message`` (lazy, with ``params``) says why."""

    def __init__(self, message: Any, /, **params: Any) -> None:
        self.message = message
        self.params = params
        super().__init__(str(message) % params if params else str(message))


MSG_EMPTY = _("The file is empty.")
MSG_NOT_TABLE = _(
    "The file is neither an Excel workbook (.xlsx) nor a text (CSV) file; save it from Excel as "
    "“Excel Workbook (.xlsx)” or “CSV” and upload it again."
)
MSG_OLD_XLS = _(
    "This is an old Excel 97-2003 (.xls) file, which is not accepted; open it in Excel and save it as "
    "“Excel Workbook (.xlsx)”."
)
MSG_BAD_XLSX = _("The file looks like a ZIP archive but is not an Excel workbook that can be read.")
MSG_NO_SHEET = _("The workbook has no worksheet.")
MSG_NO_HEADER = _(
    "No header row was found: the first row of the table must name the columns, as in the template "
    "(for example “%(example)s”)."
)
MSG_TOO_MANY_ROWS = _("The file has more than %(max)s rows; split it into smaller files.")
MSG_BAD_TEXT = _("The file could not be read as text (%(reason)s).")


@dataclass
class Table:
    """A readable table: where it is, how to read it, and its header row (number and cell texts).

    The first ``rows()`` goes on from where the header search stopped, so the file is opened once; a later
    one reads the file again from the top.
    """

    path: Path
    format: str  # "xlsx" or "csv"
    encoding: str = ""
    delimiter: str = ","
    header_row: int = 0
    headers: list[str] = field(default_factory=list)
    _live: Iterator[tuple[int, tuple[Any, ...]]] | None = field(default=None, repr=False)
    _buffered: list[tuple[int, tuple[Any, ...]]] = field(default_factory=list, repr=False)

    def raw_rows(self) -> Iterator[tuple[int, tuple[Any, ...]]]:
        """Every row of the file (1-based row number, cell values), header and blank rows included."""
        if self.format == "xlsx":
            yield from _xlsx_rows(self.path)
        else:
            yield from _csv_rows(self.path, self.encoding, self.delimiter)

    def _first_read(self) -> Iterator[tuple[int, tuple[Any, ...]]]:
        if self._live is None:
            yield from self.raw_rows()
            return
        live, self._live = self._live, None
        buffered, self._buffered = self._buffered, []
        yield from buffered
        yield from live

    def rows(self) -> Iterator[tuple[int, tuple[Any, ...]]]:
        """The data rows under the header; rows with nothing in them are skipped."""
        count = 0
        for number, cells in self._first_read():
            if number <= self.header_row or is_blank_row(cells):
                continue
            count += 1
            if count > MAX_ROWS:
                raise FileError(MSG_TOO_MANY_ROWS, max=f"{MAX_ROWS:,}")
            yield number, cells

    def close(self) -> None:
        if self._live is not None:
            close = getattr(self._live, "close", None)
            if close:
                close()
            self._live = None


def is_blank(value: Any) -> bool:
    if value is None:
        return True
    if not isinstance(value, str):
        return False
    text = value.strip()
    # Only a cell that starts or ends with an invisible mark can be made of nothing else.
    return not text or (
        (text[0] in BIDI_CONTROLS or text[-1] in BIDI_CONTROLS) and not strip_bidi(text).strip()
    )


def is_blank_row(cells: tuple[Any, ...]) -> bool:
    return all(is_blank(c) for c in cells)


def cell_text(value: Any) -> str:
    """A cell as the user would read it: numbers without a trailing ".0", dates as ISO, text stripped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return strip_bidi(str(value)).strip()


# -- Opening ----------------------------------------------------------------------------------------------


def open_table(path: str | Path, header_match: Any, example: str = "") -> Table:
    """Sniff ``path`` and find its header row.

    ``header_match(cells) -> int`` says how many cells of a row name known columns; the first row among the
    first ``HEADER_SEARCH_ROWS`` that names at least two (or all of them, for a one-column table) is the
    header. Raises ``FileError`` for anything that is not a readable table.
    """
    path = Path(path)
    size = path.stat().st_size
    if size == 0:
        raise FileError(MSG_EMPTY)
    with path.open("rb") as fh:
        head = fh.read(_SNIFF_BYTES)
    if head.startswith(_ZIP_MAGIC):
        table = Table(path, "xlsx")
    elif head.startswith(_OLE2_MAGIC):
        raise FileError(MSG_OLD_XLS)
    else:
        encoding = _text_encoding(path, head)
        table = Table(path, "csv", encoding=encoding, delimiter=_delimiter(path, encoding))
    seen_any = False
    rows = table.raw_rows()
    read: list[tuple[int, tuple[Any, ...]]] = []
    for number, cells in rows:
        read.append((number, cells))
        if number > HEADER_SEARCH_ROWS:
            break
        if is_blank_row(cells):
            continue
        seen_any = True
        texts = [cell_text(c) for c in cells]
        matched = header_match(texts)
        if matched >= 2 or (matched and matched == len([t for t in texts if t])):
            table.header_row = number
            table.headers = texts
            # The data passes go on from here rather than opening the file again.
            table._live, table._buffered = rows, read
            return table
    rows.close()
    if not seen_any:
        raise FileError(MSG_EMPTY)
    raise FileError(MSG_NO_HEADER, example=example)


def sniff(head: bytes) -> Any | None:
    """A quick look at a file's first bytes: None if it may be a workbook or text, else why it is refused.

    The upload form uses it to refuse an image or a PDF at once; the importer still reads the whole file.
    """
    if not head:
        return MSG_EMPTY
    if head.startswith(_OLE2_MAGIC):
        return MSG_OLD_XLS
    if head.startswith(_ZIP_MAGIC) or head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    if b"\x00" in head:
        return MSG_NOT_TABLE
    sample = head.decode("utf-8", errors="ignore") or head.decode("cp1256", errors="ignore")
    controls = sum(1 for c in sample if unicodedata.category(c) == "Cc" and c not in "\t\r\n\f")
    if controls > max(2, len(sample) // 100):
        return MSG_NOT_TABLE
    return None


def _is_zip_without_workbook(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as zf:
            return "xl/workbook.xml" not in zf.namelist()
    except zipfile.BadZipFile:
        return False


def _text_encoding(path: Path, head: bytes) -> str:
    """UTF-16 by its BOM; else UTF-8 if the whole file decodes strictly; else Windows-1256.

    A file with NUL bytes or many control characters (an image, a PDF, a Word file) is not text.
    """
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        if b"\x00" in head:
            raise FileError(MSG_NOT_TABLE)
        encoding = "utf-8-sig" if _decodes_strictly(path, "utf-8") else "cp1256"
    try:
        sample = head.decode(encoding, errors="ignore") if encoding != "utf-16" else head.decode("utf-16")
    except UnicodeDecodeError as exc:
        raise FileError(MSG_BAD_TEXT, reason=str(exc)) from None
    controls = sum(1 for c in sample if unicodedata.category(c) == "Cc" and c not in "\t\r\n\f")
    if controls > max(2, len(sample) // 100):
        raise FileError(MSG_NOT_TABLE)
    return encoding


def _decodes_strictly(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(1024 * 1024):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _delimiter(path: Path, encoding: str) -> str:
    """The separator that occurs most often in the first non-blank line (Excel's choice follows the
    regional settings: "," or ";" and, on some Persian systems, "؛"; "Unicode text" uses a tab)."""
    with path.open(encoding=encoding, newline="", errors="replace") as fh:
        for _i, line in zip(range(HEADER_SEARCH_ROWS), fh, strict=False):
            if line.strip():
                counts = {d: line.count(d) for d in _DELIMITERS}
                best = max(counts, key=lambda d: counts[d])
                return best if counts[best] else ","
    return ","


# Windows-1256 has no Persian yeh (U+06CC): Excel writes the Arabic yeh in its place. Put it back, since
# the user typed the Persian letter.
_CP1256_LETTERS = str.maketrans({"\u064a": "\u06cc", "\u0649": "\u06cc"})


def _csv_rows(path: Path, encoding: str, delimiter: str) -> Iterator[tuple[int, tuple[Any, ...]]]:
    csv.field_size_limit(1024 * 1024)
    restore = encoding == "cp1256"
    try:
        with path.open(encoding=encoding, newline="", errors="strict") as fh:
            for number, record in enumerate(csv.reader(fh, delimiter=delimiter), start=1):
                yield (
                    number,
                    tuple(c.translate(_CP1256_LETTERS) for c in record) if restore else tuple(record),
                )
    except (UnicodeDecodeError, csv.Error) as exc:
        raise FileError(MSG_BAD_TEXT, reason=str(exc)) from None


def _xlsx_rows(path: Path) -> Iterator[tuple[int, tuple[Any, ...]]]:
    from openpyxl import load_workbook

    # A file object, not the path: openpyxl would judge a path by its extension, and uploads are stored
    # under names of our own.
    with path.open("rb") as fh:
        try:
            wb = load_workbook(fh, read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds (BadZipFile, KeyError, InvalidFileException, …)
            if _is_zip_without_workbook(path):
                raise FileError(MSG_NOT_TABLE) from None
            raise FileError(MSG_BAD_XLSX) from None
        try:
            if not wb.worksheets:
                raise FileError(MSG_NO_SHEET)
            ws = wb.worksheets[0]
            # A producer may declare a smaller <dimension> than the sheet has; openpyxl would stop there and
            # rows would be lost without a word. Without it, openpyxl reads every row that is there.
            ws.reset_dimensions()
            yield from enumerate(ws.iter_rows(values_only=True), start=1)
        except FileError:
            raise
        except Exception as exc:  # a corrupt sheet part surfaces only while streaming
            raise FileError(MSG_BAD_TEXT, reason=type(exc).__name__) from None
        finally:
            wb.close()
