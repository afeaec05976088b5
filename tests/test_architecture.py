"""The shape of the code: the core knows no plug-in, no app reaches into another's views or private names,
and the apps import each other without a cycle. Read from the source with `ast`, so an import inside a
function counts as much as one at the top."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORE = "annotations"


def project_apps() -> list[str]:
    """Every Django app of the project: a top-level package with an apps.py."""
    return sorted(p.parent.name for p in ROOT.glob("*/apps.py"))


def imports_of(app: str) -> list[tuple[Path, str]]:
    """(file, imported module name) for every import in the app's code (migrations included)."""
    found = []
    for path in (ROOT / app).rglob("*.py"):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found += [(path, alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.append((path, node.module))
                found += [(path, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def app_dependencies() -> dict[str, set[str]]:
    apps = project_apps()
    return {
        app: {name.split(".")[0] for _, name in imports_of(app) if name.split(".")[0] in apps} - {app} for app in apps
    }


def test_the_project_has_the_core_and_its_plug_ins():
    assert {CORE, "integrations", "suggestions"} <= set(project_apps())


def test_the_core_imports_no_plug_in():
    plug_ins = set(project_apps()) - {CORE}
    offending = sorted(
        f"{path.relative_to(ROOT)}: {name}" for path, name in imports_of(CORE) if name.split(".")[0] in plug_ins
    )
    assert offending == []


@pytest.mark.parametrize("app", project_apps())
def test_no_app_imports_another_apps_views_or_private_names(app):
    offending = []
    for path, name in imports_of(app):
        parts = name.split(".")
        if parts[0] in project_apps() and parts[0] != app:
            if "views" in parts or any(part.startswith("_") for part in parts[1:]):
                offending.append(f"{path.relative_to(ROOT)}: {name}")
    assert offending == []


def test_apps_import_each_other_without_a_cycle():
    graph = app_dependencies()
    visiting, done, cycles = set(), set(), []

    def visit(app, path):
        if app in visiting:
            cycles.append([*path[path.index(app) :], app])
            return
        if app in done:
            return
        visiting.add(app)
        for other in sorted(graph[app]):
            visit(other, [*path, app])
        visiting.discard(app)
        done.add(app)

    for app in sorted(graph):
        visit(app, [])
    assert cycles == []


def test_the_check_itself_sees_an_import_of_a_plug_in(tmp_path, monkeypatch):
    # Guard against a test that cannot fail: the reader must see a plug-in import where there is one.
    module = ROOT / CORE / "_architecture_probe.py"
    module.write_text("from integrations import webhooks\n")
    try:
        assert "integrations" in app_dependencies()[CORE]
    finally:
        module.unlink()
