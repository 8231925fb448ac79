"""The rehearsal's steps: synthesize in emulator mode, bootstrap state, plan every stack, apply the network,
prove the lock. `python -m rehearsal` runs them all and prints the report; the integration tests assert on it.

Emulator mode (MC_EMULATOR_ENDPOINT) only redirects the provider and the S3 backend to moto: every resource,
variable and output is what production synthesizes (tests/synth/test_backends.py proves it).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rehearsal.emulator import Emulator
from rehearsal.terraform import Terraform
from stacks.emulator import PRIVATE_TEST_ENV

ROOT = Path(__file__).resolve().parents[1]
APPLIED_PREFIX = "this/network/"
"""What is applied of `dev`: its network (inside the app construct `this`), which moto fully supports (see README)."""
APPLIED_STACK = "dev"

Log = Callable[[str], None]


@dataclass
class Report:
    timings: dict[str, float] = field(default_factory=dict)
    synthesized_by: str = ""
    state_deployed_by: str = ""
    state_bucket: dict[str, Any] = field(default_factory=dict)
    lock_table: dict[str, Any] = field(default_factory=dict)
    plans: dict[str, Path] = field(default_factory=dict)
    planned_actions: dict[str, dict[str, int]] = field(default_factory=dict)
    applied: list[str] = field(default_factory=list)
    state_object: dict[str, Any] = field(default_factory=dict)
    lock_while_held: dict[str, Any] = field(default_factory=dict)
    second_run: dict[str, Any] = field(default_factory=dict)
    after_lock_test: dict[str, Any] = field(default_factory=dict)


class Rehearsal:
    def __init__(
        self, workdir: Path, emulator: Emulator, terraform: Terraform, *, cdktf: Path | None, log: Log = print
    ) -> None:
        self.workdir = workdir
        self.outdir = workdir / "cdktf.out"
        self.emulator = emulator
        self.terraform = terraform
        self.cdktf = cdktf
        self.log = log
        self.report = Report()

    # The environment every command gets: the emulator, the offline provider mirror, no real AWS credentials.
    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "MC_EMULATOR"))}
        env.update(self.terraform.env())
        env.update(
            MC_EMULATOR_ENDPOINT=self.emulator.url,
            AWS_EC2_METADATA_DISABLED="true",
            CDKTF_OUTDIR=str(self.outdir),
            CHECKPOINT_DISABLE="1",
            CI=env.get("CI", "1"),
        )
        env.update(PRIVATE_TEST_ENV)  # prod without a domain is planned as a private test (stacks/emulator.py)
        return env

    def timed(self, what: str, step: Callable[[], Any]) -> Any:
        start = time.perf_counter()
        result = step()
        self.report.timings[what] = time.perf_counter() - start
        self.log(f"{what}: {self.report.timings[what]:.1f} s")
        return result

    def run(self, args: list[str], cwd: Path, *, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(args, cwd=cwd, env=self.env(), capture_output=True, text=True, timeout=900)
        with (self.workdir / "commands.log").open("a") as log:
            log.write(f"$ {' '.join(args)}\n{result.stdout}\n{result.stderr}\n")
        if check and result.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed in {cwd}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
        return result

    def stack_dir(self, stack: str) -> Path:
        return self.outdir / "stacks" / stack

    def stacks(self) -> list[str]:
        manifest = json.loads((self.outdir / "manifest.json").read_text())
        return list(manifest["stacks"])

    # Steps

    def synth(self) -> None:
        if self.outdir.exists():
            shutil.rmtree(self.outdir)
        (self.workdir / "commands.log").write_text("")
        if self.cdktf is not None:
            self.run([str(self.cdktf), "synth", "--output", str(self.outdir)], ROOT)
            self.report.synthesized_by = "cdktf synth"
        else:
            self.run([str(ROOT / ".venv" / "bin" / "python"), "main.py"], ROOT)
            self.report.synthesized_by = "python main.py"

    def deploy_state(self) -> None:
        folder = self.stack_dir("state")
        if self.cdktf is not None:
            self.run(
                [
                    str(self.cdktf),
                    "deploy",
                    "state",
                    "--auto-approve",
                    "--skip-synth",
                    "--skip-provider-lock",
                    "--output",
                    str(self.outdir),
                ],
                ROOT,
            )
            self.report.state_deployed_by = "cdktf deploy state"
        else:
            self.terraform.run(folder, "init", "-input=false", "-no-color", env=self.env())
            self.terraform.run(folder, "apply", "-auto-approve", "-input=false", "-no-color", env=self.env())
            self.report.state_deployed_by = "terraform apply"
        outputs = json.loads(self.terraform.run(folder, "output", "-json", env=self.env()).stdout)
        bucket, table = outputs["state_bucket"]["value"], outputs["lock_table"]["value"]
        s3, dynamodb = self.emulator.client("s3"), self.emulator.client("dynamodb")
        encryption = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"][0]
        self.report.state_bucket = {
            "name": bucket,
            "versioning": s3.get_bucket_versioning(Bucket=bucket).get("Status"),
            "encryption": encryption["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"],
            "public_access_block": s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"],
        }
        self.report.state_bucket["tls_only_policy"] = self.check_and_lift_tls_policy(bucket)
        described = dynamodb.describe_table(TableName=table)["Table"]
        backups = dynamodb.describe_continuous_backups(TableName=table)["ContinuousBackupsDescription"]
        self.report.lock_table = {
            "name": table,
            "key_schema": described["KeySchema"],
            "billing_mode": described.get("BillingModeSummary", {}).get("BillingMode"),
            "point_in_time_recovery": backups["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"],
        }

    def check_and_lift_tls_policy(self, bucket: str) -> dict[str, Any]:
        """The bucket policy denies requests without TLS. moto never sets `aws:SecureTransport` (it evaluates the
        condition with no value), so it refuses every request, TLS or not: check that the policy is there and
        enforced, then remove it from the emulator's copy so the backend can use the bucket. AWS itself sets the
        key on every request, so nothing like this happens there."""
        s3 = self.emulator.client("s3")
        statements = json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"])["Statement"]
        denies_plain_http = any(
            statement["Effect"] == "Deny"
            and statement.get("Condition", {}).get("Bool", {}).get("aws:SecureTransport") == "false"
            for statement in statements
        )
        try:
            s3.head_object(Bucket=bucket, Key="probe")
            refused = False
        except Exception as error:  # botocore's ClientError
            refused = "403" in str(error)
        s3.delete_bucket_policy(Bucket=bucket)
        return {"denies_plain_http": denies_plain_http, "enforced_by_emulator": refused, "lifted_for_emulator": True}

    def plan(self, stack: str) -> None:
        folder = self.stack_dir(stack)
        self.terraform.run(folder, "init", "-input=false", "-no-color", "-reconfigure", env=self.env())
        self.terraform.run(
            folder, "plan", "-input=false", "-no-color", "-lock-timeout=60s", "-out=plan.tfplan", env=self.env()
        )
        shown = self.terraform.run(folder, "show", "-json", "plan.tfplan", env=self.env()).stdout
        plans = self.workdir / "plans"
        plans.mkdir(exist_ok=True)
        path = plans / f"{stack}.json"
        path.write_text(shown)
        actions = Counter(
            "/".join(change["change"]["actions"]) for change in json.loads(shown).get("resource_changes", [])
        )
        self.report.plans[stack] = path
        self.report.planned_actions[stack] = dict(actions)

    def applied_addresses(self, stack: str) -> list[str]:
        synthesized = json.loads((self.stack_dir(stack) / "cdk.tf.json").read_text())
        return sorted(
            f"{resource_type}.{name}"
            for resource_type, resources in synthesized["resource"].items()
            for name, body in resources.items()
            if body["//"]["metadata"]["path"].startswith(f"{stack}/{APPLIED_PREFIX}")
        )

    def state_location(self) -> tuple[str, str]:
        backend = json.loads((self.stack_dir(APPLIED_STACK) / "cdk.tf.json").read_text())["terraform"]["backend"]
        return backend["s3"]["bucket"], backend["s3"]["key"]

    def state_versions(self) -> list[dict[str, Any]]:
        bucket, key = self.state_location()
        versions = self.emulator.client("s3").list_object_versions(Bucket=bucket, Prefix=key).get("Versions", [])
        return [v for v in versions if v["Key"] == key]

    def apply_network(self) -> None:
        folder = self.stack_dir(APPLIED_STACK)
        addresses = self.applied_addresses(APPLIED_STACK)
        targets = [f"-target={address}" for address in addresses]
        self.terraform.run(folder, "apply", "-auto-approve", "-input=false", "-no-color", *targets, env=self.env())
        listed = self.terraform.run(folder, "state", "list", env=self.env()).stdout.split()
        self.report.applied = sorted(a for a in listed if not a.startswith("data."))
        bucket, key = self.state_location()
        head = self.emulator.client("s3").head_object(Bucket=bucket, Key=key)
        state = json.loads(self.emulator.client("s3").get_object(Bucket=bucket, Key=key)["Body"].read())
        table = self.report.lock_table["name"]
        digest = self.emulator.client("dynamodb").get_item(
            TableName=table, Key={"LockID": {"S": f"{bucket}/{key}-md5"}}
        )
        self.report.state_object = {
            "bucket": bucket,
            "key": key,
            "size_bytes": head["ContentLength"],
            "server_side_encryption": head.get("ServerSideEncryption"),
            "versions": len(self.state_versions()),
            "serial": state["serial"],
            "resources": len(state["resources"]),
            "lock_table_digest": digest.get("Item", {}).get("Digest", {}).get("S"),
        }

    def prove_locking(self) -> None:
        """Hold the lock with an apply waiting at its prompt; a second run must be refused; then cancel."""
        folder = self.stack_dir(APPLIED_STACK)
        bucket, key = self.state_location()
        table = self.report.lock_table["name"]
        before = self.terraform.run(folder, "state", "list", env=self.env()).stdout.split()
        versions_before = len(self.state_versions())
        holder = subprocess.Popen(
            [self.terraform.binary, "apply", "-no-color", "-lock-timeout=60s"],
            cwd=folder,
            env=self.env() | {"TF_IN_AUTOMATION": ""},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            assert holder.stdout is not None and holder.stdin is not None
            seen = ""
            deadline = time.monotonic() + 300
            while "Enter a value:" not in seen:
                chunk = holder.stdout.read(1)
                if not chunk or time.monotonic() > deadline:
                    raise RuntimeError(f"the lock-holding apply never reached its prompt:\n{seen[-3000:]}")
                seen += chunk
            lock = self.emulator.client("dynamodb").get_item(TableName=table, Key={"LockID": {"S": f"{bucket}/{key}"}})
            lockfile = self.emulator.client("s3").list_objects_v2(Bucket=bucket, Prefix=f"{key}.tflock")
            self.report.lock_while_held = {
                "dynamodb_lock": json.loads(lock["Item"]["Info"]["S"]) if "Item" in lock else None,
                "s3_lockfile": [o["Key"] for o in lockfile.get("Contents", [])],
            }
            second = self.terraform.run(
                folder, "plan", "-input=false", "-no-color", "-lock-timeout=2s", check=False, env=self.env()
            )
            self.report.second_run = {
                "exit_code": second.returncode,
                "refused": "Error acquiring the state lock" in second.stderr + second.stdout,
                "message": (second.stderr or second.stdout).strip().splitlines()[:6],
            }
            holder.stdin.write("no\n")
            holder.stdin.flush()
            holder.stdin.close()
            holder.wait(timeout=120)
        finally:
            if holder.poll() is None:
                holder.kill()
                holder.wait()
        lock_after = self.emulator.client("dynamodb").get_item(
            TableName=table, Key={"LockID": {"S": f"{bucket}/{key}"}}
        )
        after = self.terraform.run(folder, "state", "list", env=self.env()).stdout.split()
        self.report.after_lock_test = {
            "holder_exit_code": holder.returncode,
            "lock_released": "Item" not in lock_after,
            "state_unchanged": after == before and len(self.state_versions()) == versions_before,
            "resources": len(after),
        }

    def all(self) -> Report:
        self.timed("synthesize every stack (emulator mode)", self.synth)
        self.timed("apply state", self.deploy_state)
        for stack in self.stacks():
            if stack != "state":
                self.timed(f"plan {stack}", lambda stack=stack: self.plan(stack))  # type: ignore[misc]
        self.timed(f"apply {APPLIED_STACK} network", self.apply_network)
        self.timed("lock test", self.prove_locking)
        return self.report
