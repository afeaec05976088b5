"""The shape of the code, in floors: the plumbing (the project package `factcheck`: settings' helpers, the API's
errors, tokens, throttling, paging, concurrency) knows no app; the core (`annotations`) imports only Django,
third-party packages, itself and the plumbing; the plug-ins import the core and the plumbing. Only `urls.py` and
the settings, which wire the house, name every app. No app reaches into another's views or private names, the
apps import each other without a cycle, and inside an app no module imports one that imports it back (a job calls
a service; a service defers the job by its name).

Read from the source with `ast`, so an import inside a function counts as much as one at the top, and so does a
module named to `import_module` or `import_string`."""

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORE = "annotations"
PLUMBING = "factcheck"
# The modules that wire the house together and so may name every app.
WIRING = {"factcheck.urls", "factcheck.settings"}
DYNAMIC_IMPORTS = {"import_module", "import_string", "__import__"}


@dataclass(frozen=True)
class Import:
    path: Path  # the importing file
    module: str  # the importing module, dotted
    name: str  # what it imports, dotted and absolute: a module, or a name in one

    @property
    def top(self) -> str:
        return self.name.split(".")[0]


def project_apps(root: Path = ROOT) -> list[str]:
    """Every Django app of the project: a top-level package with an apps.py (the plumbing's API is a Django app
    too, for its tables, but lives inside the project package)."""
    return sorted(p.parent.name for p in root.glob("*/apps.py"))


def project_packages(root: Path = ROOT) -> set[str]:
    """Every top-level name that is the project's own (not Django, not a third-party package)."""
    packages = {p.parent.name for p in root.glob("*/*.py")}
    # Top-level modules too (manage.py); not gunicorn.conf.py, which no import can name (and is not `gunicorn`).
    return packages | {p.stem for p in root.glob("*.py") if "." not in p.stem}


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_in(path: Path, root: Path = ROOT) -> list[Import]:
    module = module_name(path, root)
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [Import(path, module, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the package this module is in
                base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
            found.append(Import(path, module, base))
            found += [Import(path, module, f"{base}.{alias.name}" if base else alias.name) for alias in node.names]
        elif (
            isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) in DYNAMIC_IMPORTS
        ):
            if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                found.append(Import(path, module, node.args[0].value))
    return found


def imports_of(package: str, root: Path = ROOT, *, migrations: bool = True) -> list[Import]:
    """Every import in the package's code (its migrations included unless told otherwise)."""
    found = []
    for path in sorted((root / package).rglob("*.py")):
        if migrations or "migrations" not in path.relative_to(root).parts:
            found += imports_in(path, root)
    return found


def app_dependencies() -> dict[str, set[str]]:
    apps = project_apps()
    return {app: {i.top for i in imports_of(app) if i.top in apps} - {app} for app in apps}


def plumbing_offences(root: Path = ROOT) -> list[str]:
    """Imports of an app, or of the wiring, by the plumbing's modules (the wiring itself excepted)."""
    apps = set(project_apps(root))
    return sorted(
        f"{i.path.relative_to(root)}: {i.name}"
        for i in imports_of(PLUMBING, root)
        if i.module not in WIRING
        and (i.top in apps or any(i.name == wiring or i.name.startswith(f"{wiring}.") for wiring in WIRING))
    )


def core_offences(root: Path = ROOT) -> list[str]:
    """Imports by the core of anything of the project's but itself and the plumbing (not the wiring)."""
    own = project_packages(root)
    return sorted(
        f"{i.path.relative_to(root)}: {i.name}"
        for i in imports_of(CORE, root)
        if i.top in own
        and i.top != CORE
        and (i.top != PLUMBING or any(i.name == wiring or i.name.startswith(f"{wiring}.") for wiring in WIRING))
    )


def module_cycles(package: str, root: Path = ROOT) -> list[list[str]]:
    """Groups of the package's modules that import each other, at the top or inside functions (Tarjan's strongly
    connected components). An import names the deepest module it reaches: `from app import tasks` is app.tasks."""
    paths = [p for p in (root / package).rglob("*.py") if "migrations" not in p.relative_to(root).parts]
    modules = {module_name(p, root) for p in paths}
    graph: dict[str, set[str]] = {module: set() for module in modules}
    for path in paths:
        for i in imports_in(path, root):
            name = i.name
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name and name != i.module:
                graph[i.module].add(name)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def connect(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for other in sorted(graph[module]):
            if other not in index:
                connect(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while not group or group[-1] != module:
                group.append(stack.pop())
            if len(group) > 1:
                cycles.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            connect(module)
    return sorted(cycles)


def test_the_project_has_the_core_and_its_plug_ins():
    assert {CORE, "integrations", "suggestions"} <= set(project_apps())
    assert PLUMBING not in project_apps() and (ROOT / PLUMBING / "urls.py").exists()


def test_the_plumbing_imports_no_app():
    """Only urls.py and the settings may name an app. (The launcher and the embedded database name none.)"""
    assert plumbing_offences() == []


def test_the_core_imports_only_django_third_party_packages_itself_and_the_plumbing():
    assert core_offences() == []


def test_the_core_imports_no_plug_in():
    plug_ins = set(project_apps()) - {CORE}
    offending = sorted(f"{i.path.relative_to(ROOT)}: {i.name}" for i in imports_of(CORE) if i.top in plug_ins)
    assert offending == []


@pytest.mark.parametrize("app", project_apps())
def test_no_app_imports_another_apps_views_or_private_names(app):
    offending = []
    for i in imports_of(app):
        parts = i.name.split(".")
        if parts[0] in project_apps() and parts[0] != app:
            if "views" in parts or any(part.startswith("_") for part in parts[1:]):
                offending.append(f"{i.path.relative_to(ROOT)}: {i.name}")
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


@pytest.mark.parametrize("package", [*project_apps(), PLUMBING])
def test_no_two_modules_of_an_app_import_each_other(package):
    """A job (tasks.py) calls a service; the service defers the job by its name (factcheck.jobs.by_name)."""
    assert module_cycles(package) == []


# The checks themselves must see what they are there to catch (no test that cannot fail). Each builds a small
# project of its own in a temporary directory.


def make_project(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


BASE = {
    "factcheck/__init__.py": "",
    "factcheck/urls.py": "from annotations import views\nfrom plugin import api\n",
    "factcheck/settings.py": "INSTALLED_APPS = ['annotations', 'plugin']\n",
    "annotations/__init__.py": "",
    "annotations/apps.py": "",
    "annotations/services.py": "from django.db import transaction\nfrom factcheck import concurrency\n",
    "plugin/__init__.py": "",
    "plugin/apps.py": "",
    "tests/__init__.py": "",
}


def test_the_checks_pass_a_project_of_the_right_shape(tmp_path):
    root = make_project(tmp_path, BASE)
    assert (plumbing_offences(root), core_offences(root), module_cycles("plugin", root)) == ([], [], [])


@pytest.mark.parametrize(
    "module, text",
    [
        ("factcheck/api/errors.py", "from annotations.services import Conflict\n"),
        ("factcheck/api/throttling.py", "def take():\n    from plugin.models import Token\n"),
        ("factcheck/forms.py", "import_module('plugin.forms')\n"),
        ("factcheck/paging.py", "from factcheck.urls import urlpatterns\n"),
    ],
)
def test_the_check_sees_the_plumbing_import_an_app(tmp_path, module, text):
    assert plumbing_offences(make_project(tmp_path, BASE | {module: text})) != []


@pytest.mark.parametrize(
    "text",
    [
        "from plugin import webhooks\n",
        "def f():\n    from tests import factories\n",
        "from factcheck.urls import urlpatterns\n",
    ],
)
def test_the_check_sees_the_core_import_beyond_the_plumbing(tmp_path, text):
    assert core_offences(make_project(tmp_path, BASE | {"annotations/probe.py": text})) != []


def test_the_check_sees_a_circle_of_imports_inside_an_app_even_inside_functions(tmp_path):
    files = {
        "plugin/tasks.py": "from plugin import services\n",
        "plugin/services.py": "def notify():\n    from .tasks import send\n",
        "plugin/emails.py": "from . import services\n",  # leads into the circle, not part of it
    }
    root = make_project(tmp_path, BASE | files)
    assert module_cycles("plugin", root) == [["plugin.services", "plugin.tasks"]]


def test_the_check_itself_sees_an_import_of_a_plug_in(tmp_path, monkeypatch):
    # Guard against a test that cannot fail: the reader must see a plug-in import where there is one.
    module = ROOT / CORE / "_architecture_probe.py"
    module.write_text("from integrations import webhooks\n")
    try:
        assert "integrations" in app_dependencies()[CORE]
    finally:
        module.unlink()
