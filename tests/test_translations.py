"""The Russian and Persian catalogues translate every message of the interface, none fuzzy, none stale."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

from factcheck import translations

LANGUAGES = [code for code, _name in settings.LANGUAGES if not code.startswith("en")]
DOMAINS = ["django", "djangojs"]


def catalogue(language: str, domain: str) -> polib.POFile:
    path = translations.LOCALE_DIR / language / "LC_MESSAGES" / f"{domain}.po"
    assert path.exists(), f"{path} is missing: run makemessages (see docs/contributing.md, Translations)"
    return polib.pofile(str(path))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("domain", DOMAINS)
def test_every_message_is_translated(language, domain):
    po = catalogue(language, domain)
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"{language}/{domain}: {len(untranslated)} untranslated: {untranslated[:20]}"
    assert not fuzzy, f"{language}/{domain}: {len(fuzzy)} fuzzy: {fuzzy[:20]}"
    assert len(po.translated_entries()) > 0


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("domain", DOMAINS)
def test_placeholders_survive_translation(language, domain):
    """A translation that drops or renames %(name)s or {name} would crash or mislead at run time."""
    pattern = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w+\}")
    for entry in catalogue(language, domain).translated_entries():
        if entry.msgid_plural:
            expected = set(pattern.findall(entry.msgid_plural)) | set(pattern.findall(entry.msgid))
            for form in entry.msgstr_plural.values():
                assert set(pattern.findall(form)) <= expected, (entry.msgid, form)
                named = {p for p in expected if "(" in p or "{" in p}
                assert named <= set(pattern.findall(form)) | {p for p in named if "count" in p}, (entry.msgid, form)
        else:
            assert sorted(pattern.findall(entry.msgstr)) == sorted(pattern.findall(entry.msgid)), (
                entry.msgid,
                entry.msgstr,
            )


def test_catalogues_hold_every_message_in_the_code(tmp_path):
    """makemessages over a copy of the code finds no message the catalogues lack (needs GNU gettext's xgettext).

    It runs in a copy because makemessages also writes into ./locale of the folder it runs in."""
    if not shutil.which("xgettext"):
        pytest.fail("this check needs GNU gettext (apt-get install gettext)")
    root = Path(settings.BASE_DIR)
    copy = tmp_path / "src"
    skip = shutil.ignore_patterns(
        ".venv", "node_modules", ".pgdata", "staticfiles", "tests", "bench", ".git", "*.mo", "__pycache__", "tour"
    )
    shutil.copytree(root, copy, ignore=skip)
    for domain in DOMAINS:
        args = [sys.executable, "manage.py", "makemessages", "-l", "ru", "-d", domain, "--no-obsolete", "--no-location"]
        result = subprocess.run(
            args,
            cwd=copy,
            capture_output=True,
            text=True,
            env={**os.environ, "FACTCHECK_LOCALE_DIR": str(copy / "locale")},
        )
        assert result.returncode == 0, result.stderr
        extracted = {
            e.msgid
            for e in polib.pofile(str(copy / "locale" / "ru" / "LC_MESSAGES" / f"{domain}.po"))
            if not e.obsolete
        }
        present = {e.msgid for e in catalogue("ru", domain) if not e.obsolete}
        assert extracted - present == set(), (
            f"{domain}: run makemessages and translate: {sorted(extracted - present)[:20]}"
        )
