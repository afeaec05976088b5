import fcntl
import os
import subprocess
import sys

from factcheck import launcher


def test_a_second_run_says_so_instead_of_starting(tmp_path, monkeypatch):
    lock_file = tmp_path / ".run.lock"
    monkeypatch.setattr(launcher, "LOCK_FILE", lock_file)
    with open(lock_file, "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        held.write("4242")
        held.flush()
        # The lock is per open file description, so a separate process is the honest test.
        code = (
            "import sys; from factcheck import launcher; from pathlib import Path; "
            f"launcher.LOCK_FILE = Path({str(lock_file)!r}); sys.exit(launcher.run())"
        )
        result = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            cwd=launcher.BASE_DIR,
            env={**os.environ, "PORT": "1"},
            timeout=60,
        )
    assert result.returncode == 1
    assert "already running" in result.stderr and "4242" in result.stderr


def test_the_dev_script_finds_a_python_of_at_least_3_12():
    script = launcher.BASE_DIR / "dev"
    # Run only the interpreter search: source the function definitions and call find_python.
    shell = f'eval "$(sed -n "/^suitable()/,/^}}/p;/^find_python()/,/^}}/p" {script})"; find_python'
    result = subprocess.run(
        ["sh", "-c", shell], capture_output=True, text=True, env={**os.environ, "PATH": "/usr/bin:/bin"}
    )
    assert result.returncode == 0, result.stderr
    version = subprocess.run(
        [result.stdout.strip(), "-c", "import sys; print(sys.version_info >= (3, 12))"], capture_output=True, text=True
    )
    assert version.stdout.strip() == "True"


def lint(*paths):
    return subprocess.run(
        [sys.executable, "-m", "factcheck.launcher", "lint", *map(str, paths)],
        capture_output=True,
        text=True,
        cwd=launcher.BASE_DIR,
        timeout=120,
    )


def test_lint_fails_on_a_finding_of_the_projects_rules_and_on_unformatted_code(tmp_path):
    (tmp_path / "unchecked_zip.py").write_text("a = b = [1]\nprint(list(zip(a, b)))\n")  # bugbear's B905
    (tmp_path / "unformatted.py").write_text("x  =  {'a':1}\n")
    checked = lint(tmp_path / "unchecked_zip.py")
    assert checked.returncode == 1 and "B905" in checked.stdout and "Lint failed" in checked.stderr
    formatted = lint(tmp_path / "unformatted.py")
    assert formatted.returncode == 1 and "unformatted.py" in formatted.stdout + formatted.stderr


def test_lint_passes_clean_code(tmp_path):
    (tmp_path / "clean.py").write_text('a = b = [1]\nprint(list(zip(a, b, strict=True)), {"a": 1})\n')
    result = lint(tmp_path / "clean.py")
    assert result.returncode == 0, result.stdout + result.stderr
