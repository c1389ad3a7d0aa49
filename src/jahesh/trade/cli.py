"""``jahesh import trade FILE --format baci|long``: one line per problem, a summary, exit 0/1/2."""

from __future__ import annotations

import sys
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext as _

from .importers import import_trade


def cli_import_trade(
    file: str, *, fmt: str, classification: str = "hs", level: int = 4, lang: str = "fa"
) -> int:
    path = Path(file)
    with translation.override(lang):
        if not path.is_file():
            print(_("%(file)s: no such file.") % {"file": file}, file=sys.stderr)
            return 2
        result = import_trade(path, fmt, classification=classification, level=level)
        for p in result.problems:
            row = "-" if p.row is None else str(p.row)
            print("\t".join([row, p.column, p.value, p.message]))
        hidden = result.problems_total - len(result.problems)
        if hidden > 0:
            print(_("… and %(n)s more problems, not listed.") % {"n": hidden})
        if result.file_error is not None:
            summary = _("%(read)s rows read; the file could not be read.") % {"read": result.rows}
        elif not result.written:
            summary = _("%(read)s rows read, %(bad)s with problems; nothing was written.") % {
                "read": result.rows,
                "bad": result.bad_rows,
            }
        else:
            summary = _(
                "%(read)s rows read; %(exports)s export flows and %(imports)s import flows written for "
                "%(years)s; %(locations)s new locations, %(products)s new products."
            ) % {
                "read": result.rows,
                "exports": result.export_flows,
                "imports": result.import_flows,
                "years": ", ".join(str(y) for y in result.years),
                "locations": result.new_locations,
                "products": result.new_products,
            }
        print(summary, file=sys.stderr)
    return result.exit_code
