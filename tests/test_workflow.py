"""The publishing workflow: actionlint finds no mistake in it, and it does what the README says it does."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
WORKFLOW = REPO / ".github" / "workflows" / "publish.yml"


def actionlint() -> str:
    """The actionlint command the test extra installs (next to this Python), else one on PATH."""
    beside = Path(sys.executable).with_name("actionlint")
    found = str(beside) if beside.exists() else shutil.which("actionlint")
    assert found, "actionlint is missing: `pip install -e '.[test]'` installs it"
    return found


def lint(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([actionlint(), "-no-color", str(path)], capture_output=True, text=True, cwd=path.parent)


def test_the_publish_workflow_passes_actionlint():
    done = lint(WORKFLOW)
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_would_stop_a_typo(tmp_path):
    broken = tmp_path / ".github" / "workflows" / "publish.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(WORKFLOW.read_text().replace("runs-on:", "run-on:", 1).replace("steps.pages.", "steps.page."))
    done = lint(broken)
    assert done.returncode == 1
    assert '"runs-on" section is missing' in done.stdout and "steps.page" in done.stdout


@pytest.fixture(scope="module")
def workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text())
    data["on"] = data.pop(True)  # YAML 1.1 reads the key `on` as true
    return data


def test_publishes_on_every_push_to_main_and_every_hour(workflow):
    assert workflow["on"]["push"] == {"branches": ["main"]}
    [schedule] = workflow["on"]["schedule"]
    minute, *rest = schedule["cron"].split()
    assert minute.isdigit() and rest == ["*", "*", "*", "*"]


def test_two_runs_never_deploy_out_of_order(workflow):
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert workflow["permissions"] == {"contents": "read"}
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]


def test_tests_run_before_a_strict_build_with_the_cache_and_the_sites_address_is_uploaded(workflow):
    steps = workflow["jobs"]["build"]["steps"]
    commands = [step.get("run") or step["uses"].split("@")[0] for step in steps]
    order = [
        'python -m pip install -e ".[test]"',
        'python -m pytest -q -m "not slow"',
        "actions/cache",
        "actions/configure-pages",
        'kabar build --strict --base-url "$SITE_URL"',
        "actions/upload-pages-artifact",
    ]
    assert [c for c in commands if c in order] == order
    tests = next(step for step in steps if step.get("run", "").startswith("python -m pytest"))
    assert tests["if"] == "github.event_name != 'schedule'"  # an hourly run publishes what a push tested
    cache = next(step for step in steps if step.get("uses", "").startswith("actions/cache"))
    assert cache["with"] == {"path": ".kabar-cache", "key": "kabar-${{ github.run_id }}", "restore-keys": "kabar-"}
    assert workflow["jobs"]["build"]["permissions"] == {"contents": "read", "pages": "read"}  # configure-pages's
    build = next(step for step in steps if step.get("run", "").startswith("kabar build"))
    assert build["env"]["SITE_URL"] == "${{ vars.SITE_URL || steps.pages.outputs.base_url }}"
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"] == {"path": "public"}


# ---------------------------------------------------------------- the tests on every system

TESTS = REPO / ".github" / "workflows" / "tests.yml"
FAST = 'python -m pytest -m "not slow"'


def test_the_tests_workflow_passes_actionlint():
    done = lint(TESTS)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def tests_workflow() -> dict:
    data = yaml.safe_load(TESTS.read_text())
    data["on"] = data.pop(True)
    return data


def runs(job: dict) -> list[str]:
    return [step["run"] for step in job["steps"] if "run" in step]


def test_the_fast_tests_run_on_linux_macos_and_windows_with_the_oldest_and_newest_python(tests_workflow):
    fast = tests_workflow["jobs"]["fast"]
    assert fast["runs-on"] == "${{ matrix.os }}"
    assert fast["strategy"]["matrix"] == {
        "os": ["ubuntu-latest", "macos-latest", "windows-latest"],
        "python": ["3.11", "3.13"],
    }
    assert fast["strategy"]["fail-fast"] is False
    assert runs(fast) == ['python -m pip install -e ".[test]"', FAST]
    assert set(tests_workflow["on"]) == {"push", "pull_request", "workflow_dispatch"}


def test_the_fast_tests_run_again_with_every_linux_only_facility_off(tests_workflow):
    portable = tests_workflow["jobs"]["portable"]
    assert portable["runs-on"] == "ubuntu-latest"
    assert portable["env"] == {"KABAR_PORTABLE": "1"}
    assert runs(portable)[-1] == FAST


def test_the_lowest_dependency_versions_allowed_are_tested(tests_workflow):
    lowest = tests_workflow["jobs"]["lowest-bounds"]
    assert lowest["runs-on"] == "ubuntu-latest"
    assert runs(lowest) == ["bash .ci/lowest-bounds"]
