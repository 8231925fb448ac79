"""The rehearsal's steps, with the real CDKTF CLI and Terraform against moto. `python -m rehearsal` runs them all.

1. `cdktf synth` in emulator mode (MC_EMULATOR_ENDPOINT: only the provider and backend blocks change).
2. `cdktf deploy state`, then checks of the bucket (versioned, KMS, private, TLS-only: plain HTTP refused, HTTPS
   allowed) and the lock table.
3. `terraform plan` of `lightsail`, `dev` and `prod` on empty state, saved as JSON (and reviewed with `review/`).
   They start as soon as the backend's bucket and table are in place: the state apply then spends about 55 s in
   the provider's wait for its lifecycle rule to read back unchanged ten times, which no backend needs.
4. `cdktf deploy dev prod` (both at once): every planned resource is in state, and the emulator holds the main ones.
5. Converged: `terraform plan -detailed-exitcode` shows no changes for `state`, `dev` and `prod`.
6. Locking (`prod`): an apply holds the lock at its prompt; a second run is refused; the state is unchanged.
7. `cdktf destroy prod` and `cdktf destroy state` are refused (prevent_destroy) and delete nothing.
8. `cdktf destroy dev` leaves only what is meant to stay; `cdktf deploy dev` rebuilds it at once, converged again.
9. Secrets (rehearsal/secret_proofs.py): a forced database replacement (on `replacement`, a copy of dev) and a
   rotation of prod's secrets, each checked against what moto's RDS and ElastiCache accept; and every state object
   is `aws:kms` with the state stack's key (checked after each deploy).

10. Rollouts (rehearsal/rollout_proofs.py, on rebuilt dev with `ops.rollout`): a failing migration changes nothing;
   a release whose tasks never become healthy is rolled back to the previous tag and task definition.

After the deploy, `prod` (5, 6, the rotation, 7) and `state` (5, 7) run beside `dev`'s longer chain (5, 8); the
replacement copy starts as soon as the backend is there. Lightsail is planned only: moto has no Lightsail (the
provider would retry HTTP 500s for minutes).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rehearsal.emulator import Emulator
from rehearsal.moto_patches import MOTO_VERSION
from rehearsal.report import Report, Step
from rehearsal.rollout_proofs import RolloutProofs
from rehearsal.secret_proofs import SecretProofs, state_object_encryption
from rehearsal.terraform import Terraform, error_lines, failure_lines
from stacks.emulator import PRIVATE_TEST_ENV

ROOT = Path(__file__).resolve().parents[1]
APPLIED = ("dev", "prod")
"""The environments applied in full. `lightsail` is planned only (moto has no Lightsail)."""
REBUILT = "dev"
"""The environment destroyed and rebuilt. `prod` must refuse a destroy."""
PREVENT_DESTROY_MESSAGE = "Instance cannot be destroyed"
"""Terraform's error when a plan would destroy a resource with `lifecycle.prevent_destroy`."""
JSII_QUIET = {
    "JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION": "1",
    "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "18,20",
    "JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION": "1",
}

Log = Callable[[str], None]


class Rehearsal:
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
        self.folders: dict[str, Path] = {}
        """Stacks synthesized apart from the app (rehearsal/variant.py): their folders, by stack name."""
        self.secret_proofs = SecretProofs(self)
        self.rollout_proofs = RolloutProofs(self)

    # Plumbing ----------------------------------------------------------------------------------------------

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
        self, args: list[str], *, cwd: Path = ROOT, log_name: str, timeout: float = 900, log_output: bool = True
    ) -> subprocess.CompletedProcess[str]:
        """Run a command; its output goes to logs/<log_name>.log (the report keeps the tail of failures), unless
        `log_output` is False: `terraform show -json` prints the prior state's sensitive values in plain text."""
        start = time.monotonic()
        result = subprocess.run(args, cwd=cwd, env=self.env(), capture_output=True, text=True, timeout=timeout)
        self.logs.mkdir(exist_ok=True)
        with (self.logs / f"{log_name}.log").open("a") as log:
            log.write(f"$ {' '.join(args)}  (in {cwd}; exit {result.returncode}; {time.monotonic() - start:.1f} s)\n")
            log.write(f"{result.stdout}\n{result.stderr}\n" if log_output else "(output not logged)\n")
        return result

    def cdktf_command(self, verb: str, *stacks: str) -> list[str]:
        return [
            str(self.cdktf), verb, *stacks, "--auto-approve", "--skip-synth", "--skip-provider-lock",
            "--no-color", "--output", str(self.outdir),
        ]  # fmt: skip

    def tf(self, stack: str, *args: str, log_name: str, log_output: bool = True) -> subprocess.CompletedProcess[str]:
        return self.run(
            [self.terraform.binary, *args], cwd=self.stack_dir(stack), log_name=log_name, log_output=log_output
        )

    def stack_dir(self, stack: str) -> Path:
        return self.folders.get(stack, self.outdir / "stacks" / stack)

    def stacks(self) -> list[str]:
        return list(json.loads((self.outdir / "manifest.json").read_text())["stacks"])

    @contextlib.contextmanager
    def step(self, name: str, command: str = "") -> Iterator[Step]:
        """Record a step: its time, and any exception as its error (the rehearsal goes on with the next)."""
        step = Step(name=name, command=command, started_seconds=time.monotonic() - self.started)
        with self._lock:
            self.report.steps.append(step)
        start = time.monotonic()
        try:
            yield step
        except Exception as error:  # a failed step is reported, never hidden
            step.error = f"{type(error).__name__}: {error}"
        finally:
            step.seconds = time.monotonic() - start
            verdict = "skipped" if step.skipped else "passed" if step.ok else "FAILED"
            self.log(f"{step.name}: {step.seconds:.1f} s, {verdict}")

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
        for resource in json.loads(body or self.state_object(stack)).get("resources", []):
            if resource["mode"] != "managed":
                continue
            for instance in resource["instances"]:
                index = instance.get("index_key")
                suffix = "" if index is None else f"[{json.dumps(index)}]"
                values[f"{resource['type']}.{resource['name']}{suffix}"] = instance["attributes"]
        return values

    # 1. Synthesize ------------------------------------------------------------------------------------------

    def synth(self) -> None:
        command = [str(self.cdktf), "synth", "--output", str(self.outdir)]
        with self.step("synth", " ".join(command[1:])) as step:
            if self.outdir.exists():
                shutil.rmtree(self.outdir)
            for folder in (self.plans, self.logs):
                shutil.rmtree(folder, ignore_errors=True)
                folder.mkdir(parents=True)
            result = self.run(command, log_name="synth")
            step.check("cdktf synth succeeded", result.returncode == 0, error_lines(result))
            step.details["stacks"] = self.stacks()
        if not self.report.steps[-1].ok:
            raise RuntimeError("cdktf synth failed: nothing to rehearse (see logs/synth.log)")

    # 2. State -----------------------------------------------------------------------------------------------

    def deploy_state(self, backend_ready: threading.Event) -> None:
        command = self.cdktf_command("deploy", "state")
        with self.step("deploy state", " ".join(command[1:])) as step:
            bucket, table = self.state_backend_names()
            log = self.logs / "deploy-state.log"
            with log.open("w") as output:
                deploying = subprocess.Popen(command, cwd=ROOT, env=self.env(), stdout=output, stderr=subprocess.STDOUT)
                try:
                    # The environments need only the bucket and the table: let them start while the state apply
                    # waits for its lifecycle rule to read back (see the module docstring).
                    while deploying.poll() is None and not backend_ready.is_set():
                        if self.backend_in_place(bucket, table):
                            step.details["backend_ready_after_seconds"] = round(time.monotonic() - self.started, 1)
                            backend_ready.set()
                        time.sleep(1)
                    deploying.wait(timeout=900)
                finally:
                    backend_ready.set()  # never leave the environments waiting
                    if deploying.poll() is None:
                        deploying.kill()
                        deploying.wait()
            output_text = log.read_text()
            if not step.check(
                "cdktf deploy state succeeded",
                deploying.returncode == 0,
                failure_lines(deploying.returncode, output_text),
            ):
                return
            self.check_state_backend(step, bucket, table)

    def state_backend_names(self) -> tuple[str, str]:
        """The state bucket and lock table, as the environments' backends name them."""
        backend = self.backend(APPLIED[0])
        return backend["bucket"], backend["dynamodb_table"]

    def backend_in_place(self, bucket: str, table: str) -> bool:
        """The bucket exists, encrypted, private and TLS-only, and the table is active: what a backend needs."""
        s3, dynamodb = self.emulator.client("s3"), self.emulator.client("dynamodb")
        try:
            s3.get_bucket_encryption(Bucket=bucket)
            s3.get_bucket_policy(Bucket=bucket)
            s3.get_public_access_block(Bucket=bucket)
            return bool(dynamodb.describe_table(TableName=table)["Table"]["TableStatus"] == "ACTIVE")
        except Exception:  # not there yet
            return False

    def check_state_backend(self, step: Step, bucket: str, table: str) -> None:
        outputs = json.loads(self.tf("state", "output", "-json", log_name="state-output").stdout)
        step.check(
            "outputs name the bucket and table",
            (outputs["state_bucket"]["value"], outputs["lock_table"]["value"]) == (bucket, table),
        )
        s3, dynamodb = self.emulator.client("s3"), self.emulator.client("dynamodb")
        rule = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"][0]
        blocked = s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
        bucket_facts = {
            "name": bucket,
            "versioning": s3.get_bucket_versioning(Bucket=bucket).get("Status"),
            "encryption": rule["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"],
            "public_access_block": blocked,
            "tls_only": self.tls_only(bucket),
        }
        step.details["state_bucket"] = bucket_facts
        step.check("bucket versioned", bucket_facts["versioning"] == "Enabled", bucket_facts["versioning"])
        step.check("bucket encrypted with KMS", bucket_facts["encryption"] == "aws:kms", bucket_facts["encryption"])
        step.check("all public access blocked", len(blocked) == 4 and all(blocked.values()), blocked)
        tls = bucket_facts["tls_only"]
        step.check("policy denies requests without TLS", tls["policy_denies_plain_http"])
        step.check("plain HTTP refused (403)", tls["plain_http_refused"], tls["plain_http_answer"])
        step.check("HTTPS allowed", tls["https_allowed"], tls["https_answer"])
        described = dynamodb.describe_table(TableName=table)["Table"]
        backups = dynamodb.describe_continuous_backups(TableName=table)["ContinuousBackupsDescription"]
        table_facts = {
            "name": table,
            "key_schema": described["KeySchema"],
            "billing_mode": described.get("BillingModeSummary", {}).get("BillingMode"),
            "point_in_time_recovery": backups["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"],
            "encrypted": described.get("SSEDescription", {}).get("Status"),
        }
        step.details["lock_table"] = table_facts
        step.check(
            "lock table keyed by LockID", table_facts["key_schema"] == [{"AttributeName": "LockID", "KeyType": "HASH"}]
        )
        step.check(
            "lock table on demand", table_facts["billing_mode"] == "PAY_PER_REQUEST", table_facts["billing_mode"]
        )
        step.check("lock table recoverable", table_facts["point_in_time_recovery"] == "ENABLED")

    def tls_only(self, bucket: str) -> dict[str, Any]:
        """The policy's TLS-only statement, and how the emulator applies it: the same object request is refused
        over plain HTTP and allowed over (emulated) HTTPS, as S3 does (see rehearsal/emulator.py)."""
        s3 = self.emulator.client("s3")
        statements = json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"])["Statement"]
        denies = any(
            s["Effect"] == "Deny" and s.get("Condition", {}).get("Bool", {}).get("aws:SecureTransport") == "false"
            for s in statements
        )
        answers = {}
        for transport, client in (("https", s3), ("plain_http", self.emulator.client("s3", plain_http=True))):
            try:
                client.head_object(Bucket=bucket, Key="rehearsal/tls-probe")
                answers[transport] = "200"
            except Exception as error:  # botocore's ClientError: 403 refused, 404 allowed but absent
                answers[transport] = str(getattr(error, "response", {}).get("Error", {}).get("Code", error))
        return {
            "policy_denies_plain_http": denies,
            "plain_http_answer": answers["plain_http"],
            "plain_http_refused": answers["plain_http"] == "403",
            "https_answer": answers["https"],
            "https_allowed": answers["https"] in ("200", "404"),
        }

    # 3. Plans -----------------------------------------------------------------------------------------------

    def plan(self, stack: str) -> None:
        with self.step(f"plan {stack}", f"terraform plan -out plans/{stack}.tfplan; terraform show -json") as step:
            init = self.tf(stack, "init", "-input=false", "-no-color", log_name=f"plan-{stack}")
            if not step.check("terraform init against the S3 backend", init.returncode == 0, error_lines(init)):
                return
            tfplan = self.plans / f"{stack}.tfplan"
            planned = self.tf(
                stack,
                "plan",
                "-input=false",
                "-no-color",
                "-lock-timeout=120s",
                f"-out={tfplan}",
                log_name=f"plan-{stack}",
            )
            if not step.check("terraform plan", planned.returncode == 0, error_lines(planned)):
                return
            shown = self.tf(stack, "show", "-json", str(tfplan), log_name=f"plan-{stack}", log_output=False).stdout
            path = self.plans / f"{stack}.json"
            path.write_text(shown)
            changes = json.loads(shown).get("resource_changes", [])
            actions = Counter("/".join(c["change"]["actions"]) for c in changes)
            step.details.update(
                plan=str(path),
                actions=dict(actions),
                creates=sorted(c["address"] for c in changes if c["change"]["actions"] == ["create"]),
            )
            step.check("plan creates resources", actions.get("create", 0) > 0, dict(actions))
            step.check("plan deletes nothing", not [c for c in changes if "delete" in c["change"]["actions"]])
            self.review(step, path)

    def review(self, step: Step, plan: Path) -> None:
        """`python -m review PLAN.json --format markdown`, kept beside the plan."""
        reviewed = self.run(
            [sys.executable, "-m", "review", str(plan), "--format", "markdown"], log_name=f"review-{plan.stem}"
        )
        if step.check("plan reviewed (python -m review)", reviewed.returncode == 0, error_lines(reviewed)):
            markdown = plan.with_suffix(".md")
            markdown.write_text(reviewed.stdout)
            step.details["review"] = str(markdown)

    # 4. Apply -----------------------------------------------------------------------------------------------

    def deploy_environments(self, stacks: tuple[str, ...], name: str) -> None:
        command = self.cdktf_command("deploy", *stacks)
        with self.step(name, " ".join(command[1:])) as step:
            result = self.run(command, log_name=name.replace(" ", "-"))
            step.check(f"cdktf deploy {' '.join(stacks)} succeeded", result.returncode == 0, error_lines(result))
            for stack in stacks:
                self.check_created(step, stack)

    def check_created(self, step: Step, stack: str) -> None:
        """Every resource the empty-state plan would create is in state, and the emulator holds it."""
        planned = set(self.report.step(f"plan {stack}").details.get("creates", []))
        applied = set(self.state_list(stack))
        step.details[f"{stack}_resources"] = len(applied)
        step.check(
            f"{stack}: every planned resource is in state ({len(planned)})",
            bool(planned) and planned == applied,
            {"missing": sorted(planned - applied), "unplanned": sorted(applied - planned)},
        )
        state_object_encryption(self, step, stack)
        inventory = self.inventory(stack)
        step.details[f"{stack}_in_emulator"] = dict(Counter(_kind(arn) for arn in inventory))
        for what, ok, detail in self.emulator_holds(stack):
            step.check(f"{stack}: {what}", ok, detail)

    def emulator_holds(self, stack: str) -> Iterator[tuple[str, bool, Any]]:
        """The main resources, read back from the emulator (not from Terraform's state)."""
        values = self.state_values(stack)
        by_type: dict[str, list[dict[str, Any]]] = {}
        for address, attributes in values.items():
            by_type.setdefault(address.split(".")[0], []).append(attributes)
        rds, cache = self.emulator.client("rds"), self.emulator.client("elasticache")
        for db in by_type.get("aws_db_instance", []):
            status = rds.describe_db_instances(DBInstanceIdentifier=db["identifier"])["DBInstances"][0][
                "DBInstanceStatus"
            ]
            yield f"DB instance {db['identifier']} {status}", status == "available", None
        for group in by_type.get("aws_elasticache_replication_group", []):
            found = cache.describe_replication_groups(ReplicationGroupId=group["replication_group_id"])[
                "ReplicationGroups"
            ][0]
            members = found["MemberClusters"]
            yield (
                f"Redis {group['replication_group_id']} {found['Status']} with {len(members)} member clusters",
                found["Status"] == "available" and len(members) == group["num_cache_clusters"],
                members,
            )
        for balancer in by_type.get("aws_lb", []):
            state = self.emulator.client("elbv2").describe_load_balancers(LoadBalancerArns=[balancer["arn"]])
            code = state["LoadBalancers"][0]["State"]["Code"]
            yield f"load balancer {balancer['name']} {code}", code == "active", None
        for service in by_type.get("aws_ecs_service", []):
            found = self.emulator.client("ecs").describe_services(
                cluster=service["cluster"], services=[service["name"]]
            )
            status = found["services"][0]["status"]
            yield f"ECS service {service['name']} {status}", status == "ACTIVE", None
        for key in by_type.get("aws_kms_key", []):
            state = self.emulator.client("kms").describe_key(KeyId=key["key_id"])["KeyMetadata"]["KeyState"]
            yield f"KMS key {state}", state == "Enabled", key["key_id"]

    # 5. Converged -------------------------------------------------------------------------------------------

    def converged(
        self, stack: str, name: str | None = None, *, folder: Path | None = None, targets: tuple[str, ...] = ()
    ) -> None:
        """`terraform plan -detailed-exitcode` shows no changes; the drift, if any, in the report. `folder`: a
        variant of the stack (rehearsal/variant.py) instead of the synthesized one; `targets`: `-target` options."""
        name = name or f"converged {stack}"
        command = " ".join(["terraform plan -detailed-exitcode", *targets])
        with self.step(name, command) as step:
            cwd, log_name = folder or self.stack_dir(stack), name.replace(" ", "-")
            tfplan = self.plans / f"{log_name}.tfplan"
            plan = [self.terraform.binary, "plan", "-detailed-exitcode", "-input=false", "-no-color"]
            result = self.run([*plan, "-lock-timeout=120s", f"-out={tfplan}", *targets], cwd=cwd, log_name=log_name)
            if result.returncode == 1:
                step.check("terraform plan ran", False, error_lines(result))
                return
            drift = []
            if result.returncode == 2:
                show = [self.terraform.binary, "show", "-json", str(tfplan)]
                shown = json.loads(self.run(show, cwd=cwd, log_name=log_name, log_output=False).stdout)
                drift = [
                    _difference(change)
                    for change in shown.get("resource_changes", [])
                    if change["change"]["actions"] != ["no-op"]
                ]
            tfplan.unlink(missing_ok=True)  # a saved plan holds the prior state's sensitive values
            step.details["changes"] = drift
            step.check("no changes (exit code 0)", result.returncode == 0, drift or None)

    # 6. Locking ---------------------------------------------------------------------------------------------

    def prove_locking(self, stack: str) -> None:
        """Hold the lock with an apply waiting at its prompt; a second run must be refused; then cancel. The apply
        asks to replace one alarm (`-replace`, which no prevent_destroy guards), so it stops at the prompt."""
        folder = self.stack_dir(stack)
        command = "terraform apply -refresh=false -replace=<an alarm> (held at its prompt); terraform plan"
        with self.step(f"lock {stack}", command) as step:
            probe = _replaceable(folder)
            step.command = command.replace("<an alarm>", probe)
            backend = self.backend(stack)
            bucket, key, table = backend["bucket"], backend["key"], backend["dynamodb_table"]
            s3, dynamodb = self.emulator.client("s3"), self.emulator.client("dynamodb")

            def versions() -> int:
                listed = s3.list_object_versions(Bucket=bucket, Prefix=key).get("Versions", [])
                return len([v for v in listed if v["Key"] == key])

            before, versions_before = self.state_list(stack), versions()
            holder = subprocess.Popen(
                [
                    self.terraform.binary,
                    "apply",
                    "-no-color",
                    "-lock-timeout=60s",
                    "-refresh=false",
                    f"-replace={probe}",
                ],
                cwd=folder,
                env=self.env() | {"TF_IN_AUTOMATION": ""},
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            try:
                assert holder.stdout is not None and holder.stdin is not None
                seen, deadline = "", time.monotonic() + 300
                while "Enter a value:" not in seen:
                    chunk = holder.stdout.read(1)
                    if not chunk or time.monotonic() > deadline:
                        raise RuntimeError(f"the lock-holding apply never reached its prompt:\n{seen[-3000:]}")
                    seen += chunk
                lock = dynamodb.get_item(TableName=table, Key={"LockID": {"S": f"{bucket}/{key}"}})
                lockfile = s3.list_objects_v2(Bucket=bucket, Prefix=f"{key}.tflock")
                held: dict[str, Any] = {
                    "dynamodb_lock": json.loads(lock["Item"]["Info"]["S"]) if "Item" in lock else None,
                    "s3_lockfile": [o["Key"] for o in lockfile.get("Contents", [])],
                }
                step.details["while_held"] = held
                step.check(
                    "DynamoDB lock taken by the apply",
                    (held["dynamodb_lock"] or {}).get("Operation") == "OperationTypeApply",
                    held["dynamodb_lock"],
                )
                step.check("S3 lock file written", held["s3_lockfile"] == [f"{key}.tflock"], held["s3_lockfile"])
                second = self.tf(stack, "plan", "-input=false", "-no-color", "-lock-timeout=2s", log_name="lock")
                refused = "Error acquiring the state lock" in second.stderr + second.stdout
                step.details["second_run"] = {
                    "exit_code": second.returncode,
                    "message": (second.stderr or second.stdout).strip().splitlines()[:6],
                }
                step.check("a second run is refused while the lock is held", second.returncode != 0 and refused)
                holder.stdin.write("no\n")
                holder.stdin.flush()
                holder.stdin.close()
                holder.wait(timeout=120)
            finally:
                if holder.poll() is None:
                    holder.kill()
                    holder.wait()
            lock_after = dynamodb.get_item(TableName=table, Key={"LockID": {"S": f"{bucket}/{key}"}})
            after = self.state_list(stack)
            step.details["state_object"] = {
                "bucket": bucket,
                "key": key,
                "versions": versions_before,
                "resources": len(after),
            }
            step.check("lock released after the cancelled apply", "Item" not in lock_after)
            step.check("state unchanged", after == before and versions() == versions_before, {"resources": len(after)})
            step.check(
                "checksum recorded in the lock table",
                "Item" in dynamodb.get_item(TableName=table, Key={"LockID": {"S": f"{bucket}/{key}-md5"}}),
            )

    # 7. Destroy refused -------------------------------------------------------------------------------------

    def destroy_refused(self, stack: str) -> None:
        """`cdktf destroy <stack>` must fail before deleting anything. Terraform names every resource that refuses
        (`terraform plan -destroy`: the CDKTF CLI does not always pass the message on), then the real command runs
        and state and emulator are compared before and after."""
        command = self.cdktf_command("destroy", stack)
        with self.step(f"destroy {stack} refused", " ".join(command[1:])) as step:
            state_before, emulator_before = self.state_list(stack), self.inventory(stack)
            planned = self.tf(
                stack,
                "plan",
                "-destroy",
                "-input=false",
                "-no-color",
                "-lock-timeout=120s",
                log_name=f"destroy-{stack}",
            )
            message = " ".join((planned.stdout + planned.stderr).split())
            pattern = r"Resource (\S+) (?:\([^)]*\) )?has lifecycle\.prevent_destroy set"
            protected = sorted(set(re.findall(pattern, message)))
            step.details["prevent_destroy"] = protected
            step.check(
                f"terraform plan -destroy refused: {PREVENT_DESTROY_MESSAGE}",
                planned.returncode == 1 and PREVENT_DESTROY_MESSAGE in message and bool(protected),
                protected,
            )
            result = self.run(command, log_name=f"destroy-{stack}")
            step.details["cdktf_exit_code"] = result.returncode
            step.check("cdktf destroy failed", result.returncode != 0, result.returncode)
            state_after, emulator_after = self.state_list(stack), self.inventory(stack)
            step.details.update(state_resources=len(state_after), emulator_resources=len(emulator_after))
            step.check(
                f"state unchanged ({len(state_before)} resources)",
                state_after == state_before,
                {"deleted": sorted(set(state_before) - set(state_after))},
            )
            step.check(
                f"emulator unchanged ({len(emulator_before)} resources)",
                emulator_after == emulator_before,
                {"deleted": sorted(set(emulator_before) - set(emulator_after))},
            )

    # 8. Destroy and rebuild ---------------------------------------------------------------------------------

    def destroy(self, stack: str = REBUILT) -> None:
        command = self.cdktf_command("destroy", stack)
        with self.step(f"destroy {stack}", " ".join(command[1:])) as step:
            database = next((v for a, v in self.state_values(stack).items() if a.startswith("aws_db_instance.")), {})
            result = self.run(command, log_name=f"destroy-{stack}")
            step.check(f"cdktf destroy {stack} succeeded", result.returncode == 0, error_lines(result))
            step.check("state is empty", self.state_list(stack) == [])
            left, unexpected = self.leftovers(stack)
            step.details["left_in_emulator"] = left
            step.check("only what is meant to stay is left", not unexpected, unexpected or None)
            final = database.get("final_snapshot_identifier")
            if final and not database.get("skip_final_snapshot"):
                snapshots = self.emulator.client("rds").describe_db_snapshots(DBSnapshotIdentifier=final)["DBSnapshots"]
                step.check(f"final DB snapshot {final} taken", len(snapshots) == 1)

    def leftovers(self, stack: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """What the emulator still holds of the stack, and which of it should not be there. Meant to stay: DB
        snapshots (the final one, and automated backups kept for their retention), KMS keys waiting out their
        deletion window, and what AWS itself keeps listing after a delete: NAT gateways as `deleted` (about an
        hour), ECS clusters and services as INACTIVE (a while) and deregistered task definitions (for ever)."""
        left: list[dict[str, Any]] = []
        unexpected: list[dict[str, Any]] = []
        for arn in self.inventory(stack):
            kind, reason = _kind(arn), None
            if kind == "rds:snapshot":
                reason = "DB snapshot (final, or automated backup kept for its retention period)"
            elif kind == "kms:key":
                metadata = self.emulator.client("kms").describe_key(KeyId=arn)["KeyMetadata"]
                if metadata["KeyState"] == "PendingDeletion":
                    days = (metadata["DeletionDate"] - datetime.now(UTC)).total_seconds() / 86400
                    reason = f"KMS key pending deletion (deleted in {days:.0f} days)"
            elif kind == "ec2:natgateway":
                gateway = self.emulator.client("ec2").describe_nat_gateways(NatGatewayIds=[arn.rsplit("/", 1)[1]])
                if gateway["NatGateways"][0]["State"] == "deleted":
                    reason = "NAT gateway shown as deleted"
            elif kind.startswith("ecs:") and self.ecs_status(arn) == "INACTIVE":
                reason = "ECS lists deleted clusters and services, and deregistered task definitions, as INACTIVE"
            (left if reason else unexpected).append({"arn": arn, **({"why": reason} if reason else {})})
        return left, unexpected

    def ecs_status(self, arn: str) -> str | None:
        ecs, kind = self.emulator.client("ecs"), _kind(arn)
        if kind == "ecs:cluster":
            return str(ecs.describe_clusters(clusters=[arn])["clusters"][0]["status"])
        if kind == "ecs:service":
            cluster = arn.split("/")[-2]
            return str(ecs.describe_services(cluster=cluster, services=[arn])["services"][0]["status"])
        if kind == "ecs:task-definition":
            return str(ecs.describe_task_definition(taskDefinition=arn)["taskDefinition"]["status"])
        return None

    def destroyable_again(self, stack: str = REBUILT) -> None:
        """After the rebuild, the database's new final snapshot name must be free, or the next destroy would fail."""
        with self.step(f"{stack} can be destroyed again") as step:
            database = next((v for a, v in self.state_values(stack).items() if a.startswith("aws_db_instance.")), {})
            final = database.get("final_snapshot_identifier")
            taken = {
                s["DBSnapshotIdentifier"] for s in self.emulator.client("rds").describe_db_snapshots()["DBSnapshots"]
            }
            step.details["final_snapshot_identifier"] = final
            step.check("the database's final snapshot name is free", final not in taken, sorted(taken))

    # Emulator inventory -------------------------------------------------------------------------------------

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

    # All ----------------------------------------------------------------------------------------------------

    def all(self) -> Report:
        """Every step, independent ones at once: after the deploy, `prod` (converged, lock, destroy refused) and
        `state` (converged, destroy refused) run beside `dev`'s longer chain (converged, destroy, rebuild)."""
        self.synth()
        backend_ready = threading.Event()
        with ThreadPoolExecutor(max_workers=6) as pool:

            def state_chain() -> None:
                self.deploy_state(backend_ready)
                self.converged("state")
                self.destroy_refused("state")

            def prod_chain() -> None:
                self.converged("prod")
                self.prove_locking("prod")
                self.secret_proofs.rotation("prod")
                self.destroy_refused("prod")

            chains = [pool.submit(state_chain)]
            backend_ready.wait()
            chains.append(pool.submit(self.secret_proofs.replacement))
            plans = {stack: pool.submit(self.plan, stack) for stack in APPLIED}
            for stack in APPLIED:
                plans[stack].result()
            # The other plans (lightsail) are not needed before the deploy: they run while it waits on AWS waiters.
            plans |= {
                stack: pool.submit(self.plan, stack) for stack in self.stacks() if stack not in (*APPLIED, "state")
            }
            self.deploy_environments(APPLIED, "deploy " + " ".join(APPLIED))
            chains.append(pool.submit(prod_chain))
            self.converged(REBUILT)
            self.destroy(REBUILT)
            self.deploy_environments((REBUILT,), f"deploy {REBUILT} again")
            chains.append(pool.submit(self.destroyable_again, REBUILT))
            self.converged(REBUILT, f"converged {REBUILT} again")
            self.rollout_proofs.run()
            for future in [*chains, *plans.values()]:
                future.result()
        self.secret_proofs.nothing_leaked()
        return self.finish()

    def finish(self) -> Report:
        """The report as it stands: total time, and how often each patch was used."""
        self.report.total_seconds = time.monotonic() - self.started
        self.report.patches = [patch.describe() for patch in self.emulator.patches]
        return self.report


def _replaceable(folder: Path) -> str:
    """The address of a resource the lock probe may offer to replace: an alarm, or else any resource without
    `prevent_destroy` (the probe is always cancelled at its prompt)."""
    resources = json.loads((folder / "cdk.tf.json").read_text())["resource"]
    candidates = [
        f"{kind}.{name}"
        for kind, named in resources.items()
        for name, body in named.items()
        if not body.get("lifecycle", {}).get("prevent_destroy") and "count" not in body and "for_each" not in body
    ]
    alarms = [address for address in candidates if address.startswith("aws_cloudwatch_metric_alarm.")]
    return (alarms or candidates)[0]


def _environment_tag(folder: Path) -> str:
    provider = json.loads((folder / "cdk.tf.json").read_text())["provider"]["aws"][0]
    return str(provider["default_tags"][0]["tags"]["Environment"])


def _kind(arn: str) -> str:
    """`service:resource-type` of an ARN (`rds:snapshot`, `ec2:natgateway`, `iam:role`)."""
    parts = arn.split(":", 5)
    resource = parts[5] if len(parts) > 5 else ""
    return f"{parts[2]}:{re.split(r'[:/]', resource)[0]}" if parts[2] != "s3" else "s3:bucket"


def _difference(change: dict[str, Any]) -> dict[str, Any]:
    """A planned change as the attributes whose value would change (what a perpetual diff is made of). Sensitive
    values show as `(sensitive)`: the report is read by people."""
    before, after = change["change"].get("before") or {}, change["change"].get("after") or {}
    unknown = change["change"].get("after_unknown") or {}
    sensitive = {**(change["change"].get("before_sensitive") or {}), **(change["change"].get("after_sensitive") or {})}
    keys = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k) or unknown.get(k) is True)

    def shown(value: Any, key: str) -> Any:
        return "(sensitive)" if sensitive.get(key) else value

    return {
        "address": change["address"],
        "actions": change["change"]["actions"],
        "attributes": {
            k: {
                "before": shown(before.get(k), k),
                "after": "(known after apply)" if unknown.get(k) is True else shown(after.get(k), k),
            }
            for k in keys
        },
    }
