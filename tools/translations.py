"""Refresh the Persian and English catalogues and compile them.

    .venv/bin/python tools/translations.py [/tmp/tr-*.json ...]

1. ``makemessages`` for fa and en over src/jahesh (templates and Python; vendored static files ignored);
2. fills empty Persian entries from the JSON files given: ``{"msgid": "ترجمه", "ctx\\u0004msgid": "…",
   "singular msgid": ["یک …", "چند …"]}`` (a list for plural forms);
3. drops obsolete entries, compiles both catalogues with ``msgfmt --check`` and lists the Persian msgids still
   untranslated (exit status 1 if there are any).

Needs GNU gettext (``msgfmt``, ``msgattrib``) and ``polib``. Run it under ``flock /tmp/jahesh-i18n.lock`` when
several people work in one checkout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "src" / "jahesh"
LOCALE = PKG / "locale"


def main(argv: list[str]) -> int:
    env = dict(os.environ, JAHESH_HOME=os.environ.get("JAHESH_HOME", "/tmp/jahesh-i18n"))
    jahesh = Path(sys.executable).with_name("jahesh")
    subprocess.run(
        [
            str(jahesh),
            "manage",
            "makemessages",
            "-l",
            "fa",
            "-l",
            "en",
            "--ignore",
            "static/*",
            "--no-location",
        ],
        cwd=PKG,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    known: dict[str, object] = {}
    for name in argv:
        known.update(json.loads(Path(name).read_text(encoding="utf-8")))
    missing = []
    for lang in ("fa", "en"):
        po_path = LOCALE / lang / "LC_MESSAGES" / "django.po"
        subprocess.run(["msgattrib", "--no-obsolete", "-o", str(po_path), str(po_path)], check=True)
        po = polib.pofile(str(po_path), wrapwidth=0)
        if lang == "fa":
            for entry in po:
                if "fuzzy" in entry.flags:  # a guess from a similar old msgid: never trust it
                    entry.flags.remove("fuzzy")
                    entry.msgstr = ""
                    entry.msgstr_plural = {k: "" for k in entry.msgstr_plural}
                    entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
                key = f"{entry.msgctxt}\u0004{entry.msgid}" if entry.msgctxt else entry.msgid
                value = known.get(key, known.get(entry.msgid))
                if entry.msgid_plural:
                    if not any(entry.msgstr_plural.values()) and value:
                        forms = value if isinstance(value, list) else [value, value]
                        entry.msgstr_plural = {0: forms[0], 1: forms[-1]}
                    if not any(entry.msgstr_plural.values()):
                        missing.append(entry.msgid)
                else:
                    if not entry.msgstr and isinstance(value, str):
                        entry.msgstr = value
                    if not entry.msgstr:
                        missing.append(entry.msgid)
            po.save()
        subprocess.run(["msgfmt", "--check", "-o", str(po_path.with_suffix(".mo")), str(po_path)], check=True)
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
