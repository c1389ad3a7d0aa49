"""URLs of the import page, the exports and the import templates (included from jahesh.urls).

Kinds and formats are fixed in each route rather than read from the path, so every URL here is a plain
address the access test can visit as it is.
"""

from django.urls import path

from . import data_views

urlpatterns = [
    path("imports/", data_views.import_page, name="import-page"),
    path("units/export.csv", data_views.data_export, {"kind": "units", "fmt": "csv"}, name="unit-export-csv"),
]
for _kind, _name in (("inputs", "input"), ("reports", "report")):
    for _fmt in ("xlsx", "csv"):
        urlpatterns.append(
            path(
                f"{_kind}/export.{_fmt}",
                data_views.data_export,
                {"kind": _kind, "fmt": _fmt},
                name=f"{_name}-export" + ("-csv" if _fmt == "csv" else ""),
            )
        )
for _kind in ("units", "inputs", "reports"):
    for _fmt in ("xlsx", "csv"):
        urlpatterns.append(
            path(
                f"imports/template/{_kind}.{_fmt}",
                data_views.import_template,
                {"kind": _kind, "fmt": _fmt},
                name=f"import-template-{_kind}-{_fmt}",
            )
        )
