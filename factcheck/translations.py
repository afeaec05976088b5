"""Compile the interface's translation catalogues (locale/*/LC_MESSAGES/*.po) into the .mo files Django reads.

GNU gettext's msgfmt (what `manage.py compilemessages` runs) is often missing on a fresh machine, so the
set-up (`./dev run`, `./dev test`) compiles with polib instead; the .mo files are build output, git-ignored.
Run by hand with `python -m factcheck.translations`. Fuzzy entries are left out, as msgfmt does.
"""

from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def compile_all(locale_dir: Path = LOCALE_DIR, force: bool = False) -> list[Path]:
    """Compiles every catalogue whose .mo is missing or older than its .po; returns the files written."""
    written = []
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))  # only translated, non-fuzzy entries
        written.append(mo_path)
    return written


if __name__ == "__main__":
    for path in compile_all(force=True):
        print(path)
