"""The rehearsal's proofs that the app's secrets stay right, read back from the emulator (README "Secrets"), as
one `SecretProofs` per session (it remembers every secret value it read):

- Replacement: a database forced to be replaced (`terraform apply -replace`) gets the password its MC_DATABASE_URL
  holds. It runs on `replacement`, a copy of dev under its own name (`python -m rehearsal.variant dev --name
  replacement`), applied only as far as the database and its URL secret: the provider waits about 60 s after a
  database delete and 80 s after a create, which in dev's own chain (destroy, rebuild) would break the budget.
- Rotation: prod with `ecs.secrets.rotation` bumped (`python -m rehearsal.variant prod --rotation 2`), applied to
  prod's state. Every generated secret gets a new value, the database and Redis take it, the URL secrets are
  rewritten, then the service rolls out new tasks, in that order (from `terraform apply -json`'s timestamps). A
  blue/green service (prod's default) is CodeDeploy's to deploy: there the rotation registers a new task definition
  revision whose redeploy labels carry the new secret versions, for the next `make rollout` to deploy.
- No leak (`nothing_leaked`, last): none of the values read is in any file of the work folder.

Both `deploy_replacement_copy` and `rotate` return the folder they applied (None when they failed): the run then
checks that a plan there shows no changes (rehearsal/steps/converge.py, with `REPLACEMENT_OPTIONS` for the copy).

What a client would authenticate with is read from moto's backends (this process): the database's master password
(RDS keeps it) and the AUTH tokens a replication group accepts (the `elasticache-auth-token` patch keeps them).
Secret values are compared here and never written anywhere: the report holds only which comparisons held.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from modules.ecs_app import contract
from modules.fargate_service.construct import CONTAINER, REDEPLOY_LABEL_PREFIX
from rehearsal.encryption import state_object_encryption
from rehearsal.moto_patches import accepted_auth_tokens
from rehearsal.report import Step
from rehearsal.session import Session
from rehearsal.terraform import error_lines

DATABASE = contract.DATABASE
DATABASE_URL_VERSION = contract.secret_version_address("database_url")
REPLACEMENT_TARGETS = (DATABASE, DATABASE_URL_VERSION)
"""What the replacement copy applies: the database, its URL secret and everything they depend on."""
REPLACEMENT_OPTIONS = tuple(f"-target={address}" for address in REPLACEMENT_TARGETS)
SECRETS = contract.SECRET_IDS
"""The stacks' secrets, by the name of their `aws_secretsmanager_secret` resource."""
GENERATED = ("secret_key", "database_password", "redis_auth_token")
URLS = ("database_url", "redis_url")
REDIS = contract.REDIS
SERVICE = contract.SERVICE
TASK_DEFINITION = contract.TASK_DEFINITION
REDEPLOYED_BY = ("secret_key", "database_url", "redis_url")
"""The secrets whose new version makes the app's tasks start again (they read their secrets when they start)."""


_version = contract.secret_version_address


ROTATION_ORDER = (
    ("the database password is stored before the database takes it", [_version("database_password")], DATABASE),
    ("the Redis AUTH token is stored before Redis takes it", [_version("redis_auth_token")], REDIS),
    ("the database has its new password before MC_DATABASE_URL is rewritten", [DATABASE], _version("database_url")),
    ("Redis has its new token before MC_REDIS_URL is rewritten", [REDIS], _version("redis_url")),
    (
        "every secret is written before the service rolls out new tasks",
        [_version(n) for n in REDEPLOYED_BY],
        SERVICE,
    ),
)
"""What must be done (completed) before what starts, in a rotation's apply (a rolling service)."""
BLUE_GREEN_ROTATION_ORDER = (
    *ROTATION_ORDER[:-1],
    (
        "every secret is written before the new task definition revision is registered",
        [_version(n) for n in REDEPLOYED_BY],
        TASK_DEFINITION,
    ),
)
"""The same for a blue/green service: Terraform registers the revision, CodeDeploy deploys it later."""


def blue_green(values: dict[str, dict[str, Any]]) -> bool:
    """Whether the app's service is deployed by CodeDeploy (its task definition is then not Terraform's to roll)."""
    controllers = values[SERVICE].get("deployment_controller") or [{}]
    return bool(controllers[0].get("type") == "CODE_DEPLOY")


class SecretProofs:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.variants = session.workdir / "variants"
        self.seen: set[str] = set()
        """Every secret value the proofs read: none may be found in the work folder (`nothing_leaked`)."""

    # Plumbing ----------------------------------------------------------------------------------------------

    def variant(self, step: Step, environment: str, *options: str) -> Path | None:
        """Synthesize a variant of an environment (rehearsal/variant.py) in emulator mode; its stack folder."""
        outdir = self.variants / "-".join([environment, *(o.lstrip("-") for o in options)])
        command = [sys.executable, "-W", "ignore", "-m", "rehearsal.variant", environment, "--outdir", str(outdir)]
        result = self.session.run([*command, *options], log_name=f"variant-{outdir.name}")
        what = f"variant synthesized ({environment} {' '.join(options)})"
        if not step.check(what, result.returncode == 0, error_lines(result)):
            return None
        folder = Path(result.stdout.strip().splitlines()[-1])
        init = self.session.tf(folder, "init", "-input=false", "-no-color", log_name=f"variant-{outdir.name}")
        return (
            folder
            if step.check("terraform init against the S3 backend", init.returncode == 0, error_lines(init))
            else None
        )

    def secrets(self, values: dict[str, dict[str, Any]]) -> dict[str, dict[str, str]]:
        """Each secret's current version id and value (in memory only), read from Secrets Manager."""
        client = self.session.emulator.client("secretsmanager")
        found = {}
        for name in SECRETS:
            secret = values.get(contract.secret_address(name))
            if secret is not None:
                current = client.get_secret_value(SecretId=secret["arn"])
                found[name] = {"version": current["VersionId"], "value": current["SecretString"]}
                self.seen.add(current["SecretString"])
        return found

    def database_password(self, values: dict[str, dict[str, Any]]) -> str | None:
        """The master password moto's RDS holds for the stack's database: what a login is checked against."""
        from moto.rds.models import rds_backends

        database = values[DATABASE]
        _, _, _, region, account, _ = database["arn"].split(":", 5)
        instance = rds_backends[account][region].databases.get(database["identifier"])
        return None if instance is None else str(instance._master_user_password)

    def redis_tokens(self, values: dict[str, dict[str, Any]]) -> list[str]:
        """The AUTH tokens moto's replication group accepts (the `elasticache-auth-token` patch)."""
        from moto.elasticache.models import elasticache_backends

        group = values[REDIS]
        _, _, _, region, account, _ = group["arn"].split(":", 5)
        return accepted_auth_tokens(elasticache_backends[account][region].replication_groups[group["id"]])

    # Replacement --------------------------------------------------------------------------------------------

    def deploy_replacement_copy(self) -> Path | None:
        """dev's copy, applied as far as the database and its URL secret (the proof's starting point)."""
        targets = REPLACEMENT_OPTIONS
        command = f"python -m rehearsal.variant dev --name replacement; terraform apply {' '.join(targets)}"
        with self.session.step("deploy replacement copy", command) as step:
            folder = self.variant(step, "dev", "--name", "replacement")
            if folder is None:
                return None
            self.session.folders[folder.name] = folder
            applied = self.session.tf(
                folder, "apply", "-auto-approve", "-input=false", "-no-color", "-lock-timeout=120s", *targets,
                log_name="replacement",
            )  # fmt: skip
            if not step.check(
                "terraform apply of the database and its URL secret", applied.returncode == 0, error_lines(applied)
            ):
                return None
            values = self.session.state_values(folder.name)
            self.check_database_login(step, values, "the new database")
            state_object_encryption(self.session, step, folder.name)
            return folder
        return None

    def replace_database(self, folder: Path) -> None:
        targets = REPLACEMENT_OPTIONS
        command = f"terraform apply -replace={DATABASE} {' '.join(targets)}"
        with self.session.step("replace the database", command) as step:
            stack = folder.name
            before = self.session.state_values(stack)
            secrets_before = self.secrets(before)
            applied = self.session.tf(
                folder, "apply", "-auto-approve", "-input=false", "-no-color", "-lock-timeout=120s",
                f"-replace={DATABASE}", *targets, log_name="replacement",
            )  # fmt: skip
            if not step.check(f"terraform apply -replace={DATABASE}", applied.returncode == 0, error_lines(applied)):
                return
            after = self.session.state_values(stack)
            old, new = before[DATABASE], after[DATABASE]
            step.details.update(
                database=new["identifier"],
                resource_id_before=old["resource_id"],
                resource_id_after=new["resource_id"],
                final_snapshot_of_the_old_one=old["final_snapshot_identifier"],
            )
            step.check(
                "the database was replaced (a new DbiResourceId)", new["resource_id"] != old["resource_id"], None
            )
            snapshots = self.session.emulator.client("rds").describe_db_snapshots(
                DBSnapshotIdentifier=old["final_snapshot_identifier"]
            )["DBSnapshots"]
            final = old["final_snapshot_identifier"]
            step.check(f"the old database left its final snapshot {final}", len(snapshots) == 1)
            secrets_after = self.secrets(after)
            step.check(
                "the stored password was not regenerated (same secret version)",
                secrets_after["database_password"]["version"] == secrets_before["database_password"]["version"],
            )
            self.check_database_login(step, after, "the replacement database")
            self.check_state_holds_only(step, stack, set())

    def check_state_holds_only(self, step: Step, stack: str, allowed: set[str]) -> None:
        """Which secret values the stack's state object holds: only those with no write-only form (ElastiCache's
        AUTH token); the database password, MC_SECRET_KEY and the URLs are written write-only."""
        body = self.session.state_object(stack)
        state = body.decode()
        secrets = self.secrets(self.session.state_values(stack, body))
        held = sorted(name for name, secret in secrets.items() if secret["value"] in state)
        step.details["secrets_in_state"] = held
        step.check(f"the state holds no secret value but {sorted(allowed) or 'none'}", set(held) == allowed, held)

    def check_database_login(self, step: Step, values: dict[str, dict[str, Any]], what: str) -> None:
        """The password in MC_DATABASE_URL is the stored one, and the one the database's master user has."""
        secrets = self.secrets(values)
        url = urlsplit(secrets["database_url"]["value"])
        in_url = unquote(url.password or "")
        step.check(
            "MC_DATABASE_URL names the database's host",
            url.hostname == values[DATABASE]["address"],
            {"url_host": url.hostname, "database": values[DATABASE]["address"]},
        )
        step.check("the password in MC_DATABASE_URL is the stored one", in_url == secrets["database_password"]["value"])
        step.check(f"{what} has the password MC_DATABASE_URL holds", in_url == self.database_password(values))

    # Rotation -----------------------------------------------------------------------------------------------

    def rotate(self, stack: str = "prod", rotation: int = 2) -> Path | None:
        command = f"python -m rehearsal.variant {stack} --rotation {rotation}; terraform plan; terraform apply -json"
        with self.session.step(f"rotate {stack} secrets", command) as step:
            folder = self.variant(step, stack, "--rotation", str(rotation))
            if folder is None:
                return None
            before = self.session.state_values(stack)
            secrets_before, tokens_before = self.secrets(before), self.redis_tokens(before)
            service_before = None if blue_green(before) else self.deployment(before)
            tfplan = folder / "rotation.tfplan"
            planned = self.session.tf(
                folder, "plan", "-input=false", "-no-color", "-lock-timeout=120s", f"-out={tfplan}",
                log_name=f"rotate-{stack}",
            )  # fmt: skip
            if not step.check("terraform plan", planned.returncode == 0, error_lines(planned)):
                return None
            shown = json.loads(
                self.session.tf(
                    folder, "show", "-json", str(tfplan), log_name=f"rotate-{stack}", log_output=False
                ).stdout
            )
            changes = {
                c["address"]: c["change"]["actions"]
                for c in shown.get("resource_changes", [])
                if c["change"]["actions"] not in (["no-op"], ["read"])
            }
            step.details["planned"] = changes
            # A secret changes by a new version: the version resources are replaced, never the secrets themselves
            # (nor, blue/green, the task definition: a new revision, which keeps no data).
            replaceable = ("aws_secretsmanager_secret_version.", *(("aws_ecs_task_definition.",) * blue_green(before)))
            step.check(
                "no stateful resource replaced or destroyed: only secret versions are replaced",
                bool(changes)
                and all(
                    actions == ["update"]
                    or (address.startswith(replaceable) and sorted(actions) == ["create", "delete"])
                    for address, actions in changes.items()
                ),
                changes,
            )
            applied = self.session.tf(
                folder, "apply", "-json", "-input=false", "-lock-timeout=120s", str(tfplan), log_name=f"rotate-{stack}"
            )
            tfplan.unlink()  # a saved plan holds the prior state's sensitive values
            if not step.check("terraform apply", applied.returncode == 0, error_lines(applied)):
                return None
            after = self.session.state_values(stack)
            secrets_after = self.secrets(after)
            for name in SECRETS:
                step.check(
                    f"{name}: a new version{' with a new value' if name in GENERATED else ''}",
                    secrets_after[name]["version"] != secrets_before[name]["version"]
                    and (name not in GENERATED or secrets_after[name]["value"] != secrets_before[name]["value"]),
                )
            self.check_database_login(step, after, "the database")
            self.check_redis_login(step, after, secrets_before, tokens_before)
            self.check_order(step, applied.stdout, before, after, service_before)
            self.check_state_holds_only(step, stack, {"redis_auth_token"})
            return folder
        return None

    def check_redis_login(
        self,
        step: Step,
        values: dict[str, dict[str, Any]],
        secrets_before: dict[str, dict[str, str]],
        tokens_before: list[str],
    ) -> None:
        secrets = self.secrets(values)
        url = urlsplit(secrets["redis_url"]["value"])
        token = unquote(url.password or "")
        accepted = self.redis_tokens(values)
        step.check(
            "Redis accepted the stored AUTH token before the rotation",
            secrets_before["redis_auth_token"]["value"] in tokens_before,
        )
        step.check("the token in MC_REDIS_URL is the stored one", token == secrets["redis_auth_token"]["value"])
        step.check("Redis accepts the token MC_REDIS_URL holds", token in accepted)
        still = secrets_before["redis_auth_token"]["value"] in accepted
        step.details["previous_redis_token_still_accepted"] = still
        step.check("Redis still accepts the previous token (ROTATE: running tasks keep working until replaced)", still)

    def deployment(self, values: dict[str, dict[str, Any]]) -> dict[str, Any]:
        """The service's primary deployment: its id and when it started."""
        service = values[SERVICE]
        found = self.session.emulator.client("ecs").describe_services(
            cluster=service["cluster"], services=[service["name"]]
        )["services"][0]
        primary = next((d for d in found["deployments"] if d.get("status") == "PRIMARY"), found["deployments"][0])
        return {"id": primary["id"], "created": primary["createdAt"]}

    def check_order(
        self,
        step: Step,
        events: str,
        before: dict[str, dict[str, Any]],
        after: dict[str, dict[str, Any]],
        service_before: dict[str, Any] | None,
    ) -> None:
        """Each value is stored before what takes it, each URL is rewritten after its server took the new value, and
        the service rolls out new tasks after every secret is written (README "Secrets"); blue/green
        (`service_before` None), the new revision carries the new versions for CodeDeploy to deploy."""
        started, completed = _apply_times(events)
        step.details["applied"] = {
            address: {"started": started[address].isoformat(), "completed": completed[address].isoformat()}
            for address in sorted(started, key=started.__getitem__)
            if address in completed
        }
        order = ROTATION_ORDER if service_before is not None else BLUE_GREEN_ROTATION_ORDER
        missing = [a for _, earlier, later in order for a in (*earlier, later) if a not in completed]
        if not step.check("every part of the rotation was applied", not missing, missing):
            return
        for what, earlier, later in order:
            done, begun = max(completed[a] for a in earlier), started[later]
            step.check(what, done <= begun, {"done": done.isoformat(), "begun": begun.isoformat()})
        if service_before is None:
            self.check_redeploy_labels(step, after)
            return
        deployment = self.deployment(after)
        step.details["service_deployment"] = {"before": service_before["id"], "after": deployment["id"]}
        written = max(completed[_version(name)] for name in (*URLS, "secret_key"))
        step.check(
            "the service started a new deployment after the secrets were written",
            deployment["id"] != service_before["id"] and deployment["created"].timestamp() >= written.timestamp() - 1,
        )

    def check_redeploy_labels(self, step: Step, after: dict[str, dict[str, Any]]) -> None:
        """The registered revision (read back from the emulator) labels each secret's new version: the deployment
        CodeDeploy makes of it starts tasks that read the rotated values."""
        arn = after[TASK_DEFINITION]["arn"]
        found = self.session.emulator.client("ecs").describe_task_definition(taskDefinition=arn)["taskDefinition"]
        app = next(c for c in found["containerDefinitions"] if c["name"] == CONTAINER)
        labels = app.get("dockerLabels", {})
        expected = {name: str(after[_version(name)]["secret_string_wo_version"]) for name in REDEPLOYED_BY}
        step.details["redeploy_labels"] = {name: labels.get(f"{REDEPLOY_LABEL_PREFIX}{name}") for name in expected}
        step.check(
            "the new task definition revision carries every rotated secret's new version (for CodeDeploy to deploy)",
            all(labels.get(f"{REDEPLOY_LABEL_PREFIX}{name}") == value for name, value in expected.items()),
            {"expected": expected, "labels": step.details["redeploy_labels"]},
        )

    # No leak ------------------------------------------------------------------------------------------------

    def nothing_leaked(self) -> None:
        """No secret value the proofs read is in any file of the work folder (logs, plans, synthesized stacks,
        variants); Terraform's own working folders (`.terraform`: providers and backend settings) aside."""
        with self.session.step("no secret value in the work folder") as step:
            files = [
                path
                for path in self.session.workdir.rglob("*")
                if path.is_file() and ".terraform" not in path.parts and path.stat().st_size < 64 * 2**20
            ]
            leaked = [
                str(path.relative_to(self.session.workdir))
                for path in files
                if any(value in path.read_bytes().decode(errors="replace") for value in self.seen)
            ]
            step.details.update(secret_values=len(self.seen), files=len(files))
            step.check(
                f"{len(self.seen)} secret values read, none in {len(files)} files",
                bool(self.seen) and not leaked,
                leaked,
            )


def _apply_times(events: str) -> tuple[dict[str, datetime], dict[str, datetime]]:
    """When Terraform started and completed applying each resource, from `terraform apply -json`."""
    started: dict[str, datetime] = {}
    completed: dict[str, datetime] = {}
    for line in events.splitlines():
        try:
            event = json.loads(line)
        except ValueError:
            continue
        kind, address = event.get("type"), event.get("hook", {}).get("resource", {}).get("addr")
        if address and kind in ("apply_start", "apply_complete"):
            when = datetime.fromisoformat(event["@timestamp"].replace("Z", "+00:00"))
            (started if kind == "apply_start" else completed)[address] = when
    return started, completed
