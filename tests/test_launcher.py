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
