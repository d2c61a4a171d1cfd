"""`platform/` is a folder of ours, but `import platform` must stay the standard library's."""

import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_platform_is_the_standard_library_module_inside_the_configured_app(settings: pytest.FixtureRequest) -> None:
    import platform

    assert Path(platform.__file__).parent == Path(sysconfig.get_paths()["stdlib"])
    assert platform.python_version() == ".".join(map(str, sys.version_info[:3]))


def test_libraries_that_import_platform_work_inside_the_app() -> None:
    import uuid

    import redis
    import sentry_sdk
    from celery import Celery

    assert uuid.uuid4().version == 4
    assert sentry_sdk.VERSION
    assert redis.Redis
    assert Celery("probe", set_as_current=False).main == "probe"


def test_platform_from_the_repository_root_is_the_standard_library_module() -> None:
    # Python puts the script's folder (here the repository root) first on sys.path.
    code = "import platform, sysconfig; print(platform.__file__); print(platform.system())"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    module_file, system = result.stdout.split()
    assert Path(module_file).parent == Path(sysconfig.get_paths()["stdlib"])
    assert system == "Linux"


def test_manage_py_runs_from_the_repository_root() -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", "import platform; print(platform.python_version())"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip().endswith(".".join(map(str, sys.version_info[:3])))
