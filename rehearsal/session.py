"""What every rehearsal step works with, and no step itself: the emulator, the commands, the bookkeeping, the readers.

    with running_emulator() as emulator:
        session = Session(workdir, emulator, configured(workdir, binary), cdktf=cdktf)
        with session.step("converged dev", "terraform plan -detailed-exitcode") as step:
            result = session.tf("dev", "plan", "-detailed-exitcode", log_name="converged-dev")
            step.check("no changes (exit code 0)", result.returncode == 0)
        session.finish().write(workdir)

- Commands: Terraform and the CDKTF CLI run with an environment that points at the emulator and the offline
  provider mirror, and nothing of the caller's AWS or MC_ settings. Each command's output goes to
  `logs/<log_name>.log`, and its CPU time (its own and its child processes', such as the provider) to the step that
  ran it: `make test` is CPU-bound, and the report says which steps cost most.
- Bookkeeping: one `Step` per step in the report, with its time and checks; an exception becomes the step's error.
- Readers: each stack's backend, state object, state addresses and attribute values, and what the emulator holds
  for it (by its `Environment` tag).

The steps live in `rehearsal/steps/` and take a session; `rehearsal/run.py` says their order. This module imports
no step.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import resource
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from rehearsal.emulator import Emulator
from rehearsal.moto_patches import MOTO_VERSION
from rehearsal.report import Report, Step
from rehearsal.terraform import Terraform
from stacks.emulator import PRIVATE_TEST_ENV

ROOT = Path(__file__).resolve().parents[1]
JSII_QUIET = {
    "JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION": "1",
    "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "18,20",
    "JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION": "1",
}

Log = Callable[[str], None]


class Session:
    def __init__(
        self, workdir: Path, emulator: Emulator, terraform: Terraform, *, cdktf: Path, log: Log = print
    ) -> None:
        self.workdir = workdir.resolve()
        self.outdir = self.workdir / "cdktf.out"
        self.plans = self.workdir / "plans"
        self.logs = self.workdir / "logs"
        self.emulator = emulator
        self.terraform = terraform
        self.cdktf = cdktf
        self.log = log
        self.started = time.monotonic()
        self.report = Report(
            workdir=str(self.workdir),
            moto_version=MOTO_VERSION,
            emulator={"url": emulator.url, "plain_http_url": emulator.plain_url, "server": "ThreadedMotoServer"},
            patches=[patch.describe() for patch in emulator.patches],
        )
        self._lock = threading.Lock()
        self._current = threading.local()
        """The step each thread is in: its commands' CPU time is charged to it."""
        self.folders: dict[str, Path] = {}
        """Stacks synthesized apart from the app (rehearsal/variant.py): their folders, by stack name."""

    # Commands ----------------------------------------------------------------------------------------------

    def env(self) -> dict[str, str]:
        """Every command's environment: the emulator, the offline provider mirror, no real AWS credentials."""
        dropped = ("AWS_", "MC_", "TF_VAR_", "TF_CLI_ARGS", "TF_WORKSPACE", "TF_DATA_DIR")
        env = {k: v for k, v in os.environ.items() if not k.startswith(dropped)}
        env.update(JSII_QUIET | {k: v for k, v in os.environ.items() if k in JSII_QUIET})
        env.update(self.terraform.env())
        env.update(MC_EMULATOR_ENDPOINT=self.emulator.url, AWS_EC2_METADATA_DISABLED="true", CI=env.get("CI", "1"))
        env.update(PRIVATE_TEST_ENV)  # prod without a domain is planned as a private test (stacks/emulator.py)
        return env

    def run(
        self,
        args: list[str],
        *,
        cwd: Path = ROOT,
        log_name: str,
        timeout: float = 900,
        log_output: bool = True,
        charge_to: Step | None = None,
    ) -> subprocess.CompletedProcess[str]:
        """Run a command; its output goes to logs/<log_name>.log (the report keeps the tail of failures), unless
        `log_output` is False: `terraform show -json` prints the prior state's sensitive values in plain text.
        Its CPU time goes to `charge_to`, or else to the step this thread is in."""
        start = time.monotonic()
        process = self.start(args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        output: dict[str, str] = {}

        def read(name: str, stream: Any) -> None:
            output[name] = stream.read()

        # Read both pipes while the command runs (what `communicate` does), then reap it ourselves: `wait4` is
        # what tells the CPU time of a child and its own children, and `communicate` would reap it first.
        readers = [threading.Thread(target=read, args=(name, getattr(process, name))) for name in ("stdout", "stderr")]
        for reader in readers:
            reader.start()
        try:
            cpu_seconds = self._wait(process, timeout, charge_to)
        finally:
            for reader in readers:
                reader.join()
        returncode, seconds = int(process.returncode), time.monotonic() - start
        self.logs.mkdir(exist_ok=True)
        with (self.logs / f"{log_name}.log").open("a") as log:
            log.write(f"$ {' '.join(args)}  (in {cwd}; exit {returncode}; {seconds:.1f} s; CPU {cpu_seconds:.1f} s)\n")
            log.write(f"{output['stdout']}\n{output['stderr']}\n" if log_output else "(output not logged)\n")
        return subprocess.CompletedProcess(args, returncode, output["stdout"], output["stderr"])

    def start(
        self, args: list[str], *, cwd: Path = ROOT, env: dict[str, str] | None = None, **popen: Any
    ) -> subprocess.Popen[str]:
        """Start a command in the session's environment (plus `env`); wait for it with `reap`."""
        return subprocess.Popen(args, cwd=cwd, env=self.env() | (env or {}), text=True, **popen)

    def reap(self, process: subprocess.Popen[str], *, timeout: float, charge_to: Step | None = None) -> int:
        """Wait for a started command, killed after `timeout` seconds (then `TimeoutExpired`, as `subprocess.run`
        raises); charge its CPU time (user + system, its waited-for children included) to the step."""
        self._wait(process, timeout, charge_to)
        return int(process.returncode)

    def _wait(self, process: subprocess.Popen[str], timeout: float, charge_to: Step | None) -> float:
        """Reap the process; its CPU seconds (0 when they cannot be known), charged to the step."""
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            process.kill()

        timer, seconds = threading.Timer(timeout, kill), 0.0
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
            process.returncode = os.waitstatus_to_exitcode(status)
            seconds = usage.ru_utime + usage.ru_stime
            self._charge(seconds, charge_to)
        except ChildProcessError:  # already reaped (by the kill's own poll): its CPU time is not known
            process.wait()
        finally:
            timer.cancel()
        if killed.is_set():
            raise subprocess.TimeoutExpired(process.args, timeout)
        return seconds

    def _charge(self, seconds: float, step: Step | None) -> None:
        step = step or getattr(self._current, "step", None)
        if step is not None:
            with self._lock:
                step.cpu_seconds += seconds

    def cdktf_command(self, verb: str, *stacks: str) -> list[str]:
        return [
            str(self.cdktf), verb, *stacks, "--auto-approve", "--skip-synth", "--skip-provider-lock",
            "--no-color", "--output", str(self.outdir),
        ]  # fmt: skip

    def tf(
        self, stack: str | Path, *args: str, log_name: str, log_output: bool = True
    ) -> subprocess.CompletedProcess[str]:
        """`terraform ARGS` in a stack's folder (a stack name), or in any folder (a variant's: a `Path`)."""
        cwd = stack if isinstance(stack, Path) else self.stack_dir(stack)
        return self.run([self.terraform.binary, *args], cwd=cwd, log_name=log_name, log_output=log_output)

    # Bookkeeping -------------------------------------------------------------------------------------------

    @contextlib.contextmanager
    def step(self, name: str, command: str = "") -> Iterator[Step]:
        """Record a step: its time, and any exception as its error (the rehearsal goes on with the next)."""
        step = Step(name=name, command=command, started_seconds=time.monotonic() - self.started)
        with self._lock:
            self.report.steps.append(step)
        start, outer = time.monotonic(), getattr(self._current, "step", None)
        self._current.step = step
        try:
            yield step
        except Exception as error:  # a failed step is reported, never hidden
            step.error = f"{type(error).__name__}: {error}"
        finally:
            self._current.step = outer
            step.seconds = time.monotonic() - start
            verdict = "skipped" if step.skipped else "passed" if step.ok else "FAILED"
            self.log(f"{step.name}: {step.seconds:.1f} s, {verdict}")

    def finish(self) -> Report:
        """The report as it stands: total time, CPU time, and how often each patch was used."""
        self.report.total_seconds = time.monotonic() - self.started
        self.report.cpu_seconds = {
            "child_processes": _cpu_seconds(resource.RUSAGE_CHILDREN),
            "rehearsal_process": _cpu_seconds(resource.RUSAGE_SELF),
        }
        self.report.patches = [patch.describe() for patch in self.emulator.patches]
        return self.report

    # Readers -----------------------------------------------------------------------------------------------

    def stack_dir(self, stack: str) -> Path:
        return self.folders.get(stack, self.outdir / "stacks" / stack)

    def stacks(self) -> list[str]:
        return list(json.loads((self.outdir / "manifest.json").read_text())["stacks"])

    def state_list(self, stack: str) -> list[str]:
        listed = self.tf(stack, "state", "list", "-no-color", log_name=f"state-list-{stack}")
        if listed.returncode != 0:
            raise RuntimeError(f"terraform state list failed for {stack}: {listed.stderr[-2000:]}")
        return sorted(a for a in listed.stdout.split() if not a.startswith("data."))

    def backend(self, stack: str) -> dict[str, Any]:
        """The stack's S3 backend block, as synthesized (bucket, key, lock table, KMS key)."""
        backend: dict[str, Any] = json.loads((self.stack_dir(stack) / "cdk.tf.json").read_text())["terraform"][
            "backend"
        ]
        return dict(backend["s3"])

    def state_object(self, stack: str) -> bytes:
        """The stack's state object, as the S3 backend wrote it to the bucket."""
        backend = self.backend(stack)
        body: bytes = self.emulator.client("s3").get_object(Bucket=backend["bucket"], Key=backend["key"])["Body"].read()
        return body

    def state_values(self, stack: str, body: bytes | None = None) -> dict[str, dict[str, Any]]:
        """Attribute values of every managed resource in the stack's state (or in `body`, a state object read
        before), by address: from the state object in the bucket (one request; `terraform show -json` takes
        seconds)."""
        values = {}
        for resource_ in json.loads(body or self.state_object(stack)).get("resources", []):
            if resource_["mode"] != "managed":
                continue
            for instance in resource_["instances"]:
                index = instance.get("index_key")
                suffix = "" if index is None else f"[{json.dumps(index)}]"
                values[f"{resource_['type']}.{resource_['name']}{suffix}"] = instance["attributes"]
        return values

    def inventory(self, stack: str) -> list[str]:
        """ARNs of everything the emulator holds that carries the stack's `Environment` tag (the provider's default
        tags), through the Resource Groups Tagging API, and IAM roles (which that API does not cover in moto)."""
        environment = _environment_tag(self.stack_dir(stack))
        tagging, arns = self.emulator.client("resourcegroupstaggingapi"), []
        token = ""
        while True:
            page = tagging.get_resources(
                TagFilters=[{"Key": "Environment", "Values": [environment]}], PaginationToken=token
            )
            arns += [item["ResourceARN"] for item in page["ResourceTagMappingList"]]
            token = page.get("PaginationToken") or ""
            if not token:
                break
        iam = self.emulator.client("iam")
        for role in iam.list_roles()["Roles"]:
            tags = {t["Key"]: t["Value"] for t in iam.list_role_tags(RoleName=role["RoleName"])["Tags"]}
            if tags.get("Environment") == environment:
                arns.append(role["Arn"])
        return sorted(arns)


def arn_kind(arn: str) -> str:
    """`service:resource-type` of an ARN (`rds:snapshot`, `ec2:natgateway`, `iam:role`)."""
    parts = arn.split(":", 5)
    resource_ = parts[5] if len(parts) > 5 else ""
    return f"{parts[2]}:{re.split(r'[:/]', resource_)[0]}" if parts[2] != "s3" else "s3:bucket"


def _environment_tag(folder: Path) -> str:
    provider = json.loads((folder / "cdk.tf.json").read_text())["provider"]["aws"][0]
    return str(provider["default_tags"][0]["tags"]["Environment"])


def _cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return round(usage.ru_utime + usage.ru_stime, 1)
