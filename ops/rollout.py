"""Deploy an ECS environment, with a new image tag or the one it runs, so that a failure leaves the running version.

    python -m ops.rollout dev --tag 1.4.3      # make rollout ENV=dev TAG=1.4.3 (synthesizes first)
    python -m ops.rollout prod                 # a deploy of main: prod keeps the tag its parameter holds

1. Record what runs: the image-tag parameter's value (output `image_tag_parameter`) and the service's task
   definition.
2. Migrate before the service changes, with the image the deploy will run: a one-off revision of the
   `<name>-migrate` task definition with only the app container's image changed (deregistered after), run as
   `ops.migrate` runs it. A failed migration ends here: parameter and service untouched, exit code the migration's.
3. Write the tag to the parameter, then deploy the stack (`--deploy-command`, by default
   `npx cdktf deploy <env> --auto-approve --skip-synth`: run it after a synth, as `make rollout` does).
4. Wait for the service's deployment as `ops.wait_stable` does (the task definition the deploy registered).
   Blue/green (the stack outputs a `codedeploy_deployment_group`, prod by default): the deploy only registers the
   new task definition (Terraform leaves a CodeDeploy service's task definition alone), so the rollout starts a
   CodeDeploy deployment of it (an AppSpec with the task definition, the `app` container and its port, and the
   stack's network) and waits for it, bake time included; a deploy whose task definition the service already
   runs starts none. A rotated secret changes the task definition (its versions are labels there): it deploys.
5. On a failed deploy, a failed or rolled-back deployment, a timeout, or any error after the parameter was written:
   put the previous tag back in the parameter and the service back on its previous task definition (UpdateService),
   then wait for that. Terraform's state still names the failed revision: the next deploy registers the previous
   image again (a new revision of the same content), which is expected.
   Blue/green: CodeDeploy rolls a failed deployment (or one an alarm stopped) back by itself, and one still running
   at the timeout is stopped here with a roll-back: the listeners go back to the old tasks, which kept running. The
   service is never updated here (UpdateService refuses a task definition on a CodeDeploy service); the rollout
   waits until the service serves from its previous task definition again.

First deploy (no stack outputs or no service yet): nothing runs that could be kept, and the database is created by
the deploy, so the stack is deployed first, migrated after and waited for; with --tag (a different one), the tag is
then rolled out as above.

What happened is printed and, when $GITHUB_STEP_SUMMARY is set (GitHub Actions), written there as Markdown.
Exit codes: 0 deployed and stable; the migration's own code when it failed (125: its task did not start; 124: still
running at the timeout); 1 a failed deploy, a failed or rolled-back deployment (after the roll-back); 124 not stable
within --timeout-seconds (after the roll-back); 2 a usage error.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from modules.deployed_image.props import VERSION_PATTERN
from modules.ecs_app import contract
from ops import codedeploy, migrate, wait_stable
from ops.aws import (
    EXIT_FAILED,
    EXIT_TIMEOUT,
    EXIT_USAGE,
    ClientFactory,
    OpsError,
    append_step_summary,
    boto3_clients,
    say,
    warn,
)
from ops.migrate import MigrationTarget
from ops.stack import StackOutputs
from ops.wait_stable import short

DEPLOY_COMMAND = "npx cdktf deploy {environment} --auto-approve --skip-synth"

REGISTER_FIELDS = (
    "family", "taskRoleArn", "executionRoleArn", "networkMode", "containerDefinitions", "volumes",
    "placementConstraints", "requiresCompatibilities", "cpu", "memory", "pidMode", "ipcMode", "proxyConfiguration",
    "inferenceAccelerators", "ephemeralStorage", "runtimePlatform",
)  # fmt: skip
"""What `describe_task_definition` returns that `register_task_definition` takes: a copy registers the same task."""


@dataclass(frozen=True)
class Running:
    """What runs before the rollout: what a failure puts back."""

    tag: str
    task_definition: str


def check_tag(tag: str) -> str:
    if not re.fullmatch(VERSION_PATTERN, tag):
        raise OpsError(
            f"--tag={tag!r} is not an image tag or a sha256 digest. Fix: pass a Docker tag (letters, digits, _ . -, "
            "at most 128, not starting with . or -) such as 1.4.3, or sha256:<64 hex digits>.",
            EXIT_USAGE,
        )
    return tag


def with_version(image: str, version: str) -> str:
    """`image` (`repo:tag`, `repo@sha256:...`, a registry with a port) with another tag or digest, as the stack
    builds it from the parameter (`DeployedImage`)."""
    repository = image.split("@", 1)[0]
    colon = repository.rfind(":")
    if colon > repository.rfind("/"):
        repository = repository[:colon]
    return f"{repository}{'@' if version.startswith('sha256:') else ':'}{version}"


def one_off_request(definition: dict[str, Any], tags: list[dict[str, str]], version: str) -> dict[str, Any]:
    """A `register_task_definition` request for `definition` with only the app container's image changed (to
    `version` of the same repository)."""
    containers = [dict(c) for c in definition.get("containerDefinitions", [])]
    app = next((c for c in containers if c.get("name") == migrate.CONTAINER), None)
    if app is None:
        raise OpsError(
            f"the task definition {short(definition.get('taskDefinitionArn'))} has no container "
            f"{migrate.CONTAINER!r} (it has {', '.join(str(c.get('name')) for c in containers) or 'none'}). "
            "Fix: deploy the stack so its migration task definition is current.",
            EXIT_USAGE,
        )
    app["image"] = with_version(str(app.get("image", "")), version)
    request = {key: definition[key] for key in REGISTER_FIELDS if definition.get(key) not in (None, [], {})}
    request["containerDefinitions"] = containers
    if tags:
        request["tags"] = tags
    return request


def app_image(request: dict[str, Any]) -> str:
    return str(next(c["image"] for c in request["containerDefinitions"] if c.get("name") == migrate.CONTAINER))


class Report:
    """What happened, in order: printed as it happens, and Markdown for the job summary."""

    def __init__(self, environment: str) -> None:
        self.environment = environment
        self.outcome = "not finished"
        self.lines: list[str] = []

    def note(self, line: str) -> None:
        say(line)
        self.lines.append(line)

    def markdown(self) -> str:
        items = "\n".join(f"- {line}" for line in self.lines)
        return f"### Rollout of `{self.environment}`: {self.outcome}\n\n{items}\n"

    def write(self, path: str | None) -> None:
        append_step_summary(self.markdown(), path)


class Rollout:
    """One rollout; `outputs` reads the stack's outputs (again after the deploy), `deploy` applies the stack and
    returns its exit code. `run_migration` and `wait_for` default to `ops.migrate` and `ops.wait_stable`."""

    def __init__(
        self,
        environment: str,
        *,
        clients: ClientFactory,
        outputs: Callable[[], StackOutputs],
        deploy: Callable[[], int],
        tag: str | None = None,
        timeout_seconds: float = 1800,
        rollback_timeout_seconds: float = 900,
        migration_timeout_seconds: float = 1800,
        poll_seconds: float = 10,
        sleep: Callable[[float], None] = time.sleep,
        run_migration: Callable[[MigrationTarget], int] | None = None,
        wait_for: Callable[[str, str, str | None, float], int] | None = None,
    ) -> None:
        self.environment = environment
        self.clients = clients
        self.ecs, self.ssm = clients("ecs"), clients("ssm")
        self.deployments: codedeploy.Deployments | None = None
        """Blue/green: the deployment group the rollout deploys through (from the stack's outputs)."""
        self.deployment_id: str | None = None
        """Blue/green: the CodeDeploy deployment this rollout started, once it started one."""
        self.code_deploy = False
        """The service's deployment controller is CODE_DEPLOY: CodeDeploy, not UpdateService, moves its tasks."""
        self.outputs, self.deploy = outputs, deploy
        self.tag = check_tag(tag) if tag else None
        self.timeout_seconds, self.rollback_timeout_seconds = timeout_seconds, rollback_timeout_seconds
        self.report = Report(environment)
        self.run_migration = run_migration or (
            lambda target: migrate.run(
                target, clients, timeout_seconds=migration_timeout_seconds, poll_seconds=poll_seconds, sleep=sleep
            )
        )
        self.poll_seconds, self.sleep = poll_seconds, sleep
        self.wait_for = wait_for or self._wait

    def _wait(self, cluster: str, service: str, task_definition: str | None, timeout_seconds: float) -> int:
        return wait_stable.wait(
            self.ecs,
            cluster,
            service,
            task_definition=task_definition,
            timeout_seconds=timeout_seconds,
            poll_seconds=self.poll_seconds,
            sleep=self.sleep,
        )

    def run(self) -> int:
        outputs = self.outputs()
        if self.service(outputs) is None:
            code = self.first_deploy()
            if code != 0:
                return code
            outputs = self.outputs()
            if self.tag is None or self.tag == self.read_tag(outputs.string(contract.IMAGE_TAG_PARAMETER)):
                self.report.outcome = "first deploy done"
                return 0
            self.report.note(f"now rolling out tag `{self.tag}` to the new service")
        return self.roll_out(outputs)

    # What runs -------------------------------------------------------------------------------------------------

    def service(self, outputs: StackOutputs) -> dict[str, Any] | None:
        """The service, or None when the stack has no outputs yet or its service does not exist (a first deploy)."""
        cluster, name = outputs.get(contract.CLUSTER_NAME), outputs.get(contract.SERVICE_NAME)
        if not (cluster and name):
            return None
        try:
            answer = self.ecs.describe_services(cluster=cluster, services=[name])
        except self.ecs.exceptions.ClusterNotFoundException:  # outputs of a stack whose cluster is gone
            return None
        found = [s for s in answer.get("services", []) if s.get("status") == "ACTIVE"]
        return found[0] if found else None

    def read_tag(self, parameter: str) -> str:
        try:
            value: str = self.ssm.get_parameter(Name=parameter)["Parameter"]["Value"]
        except self.ssm.exceptions.ParameterNotFound:
            raise OpsError(
                f"the image-tag parameter {parameter} does not exist, though the stack's outputs name it. "
                f"Fix: deploy the stack (`npx cdktf deploy {self.environment}`), which creates it.",
                EXIT_USAGE,
            ) from None
        return value

    def write_tag(self, parameter: str, tag: str) -> None:
        self.ssm.put_parameter(Name=parameter, Value=tag, Type="String", Overwrite=True)

    # Steps -----------------------------------------------------------------------------------------------------

    def first_deploy(self) -> int:
        self.report.note(
            "first deploy: the stack has no service yet, so it is deployed first and migrated after (the deploy "
            "creates the database; there is no running version to keep, and the new tasks may fail their health "
            "checks until the migration has run)"
        )
        code = self.deploy()
        if code != 0:
            self.report.outcome = "first deploy failed"
            self.report.note(f"the deploy failed (exit {code}): nothing ran before it, nothing is rolled back")
            return EXIT_FAILED
        outputs = self.outputs()
        code = self.migration(migrate.target_from_outputs(outputs), version=None)
        if code != 0:
            self.report.outcome = "first deploy: migration failed"
            return code
        cluster, name = outputs.string(contract.CLUSTER_NAME), outputs.string(contract.SERVICE_NAME)
        # A new CodeDeploy service starts on its first task definition like any other; later ones go through
        # CodeDeploy deployments.
        self.code_deploy = outputs.get(contract.CODEDEPLOY_DEPLOYMENT_GROUP) is not None
        code = self.wait_service(cluster, name, outputs.get(contract.TASK_DEFINITION_ARN), self.timeout_seconds)
        self.report.note(self.stability(code))
        if code != 0:
            self.report.outcome = "first deploy not stable"
        return code

    def roll_out(self, outputs: StackOutputs) -> int:
        parameter = outputs.string(contract.IMAGE_TAG_PARAMETER)
        cluster, name = outputs.string(contract.CLUSTER_NAME), outputs.string(contract.SERVICE_NAME)
        service = self.service(outputs)
        if service is None:
            raise OpsError(f"service {name} is not in cluster {cluster} after its deploy", EXIT_FAILED)
        running = Running(tag=self.read_tag(parameter), task_definition=service["taskDefinition"])
        self.code_deploy = (service.get("deploymentController") or {}).get("type") == "CODE_DEPLOY"
        tag = self.tag or running.tag
        self.report.note(
            f"running: tag `{running.tag}` (`{parameter}`), task definition `{short(running.task_definition)}`"
        )
        self.report.note(
            f"rolling out tag `{tag}`" if tag != running.tag else f"deploying with the running tag `{tag}` (no new tag)"
        )

        try:
            code = self.migration(migrate.target_from_outputs(outputs), version=tag if tag != running.tag else None)
        except Exception as error:  # the task did not start, no permission to register it, ...: nothing changed yet
            self.report.note(f"migration: {type(error).__name__}: {error}")
            code = error.exit_code if isinstance(error, OpsError) else EXIT_FAILED
        if code != 0:
            self.report.outcome = "migration failed, nothing changed"
            self.report.note(
                f"nothing else was done: `{parameter}` is still `{running.tag}`, the service still runs "
                f"`{short(running.task_definition)}`"
            )
            return code

        try:
            if tag != running.tag:
                self.write_tag(parameter, tag)
                self.report.note(f"`{parameter}` = `{tag}`")
            code = self.deploy()
            if code != 0:
                reason = f"the deploy failed (exit {code})"
                return self.roll_back(running, parameter, cluster, name, reason, EXIT_FAILED)
            after = self.outputs()
            expected = after.get(contract.TASK_DEFINITION_ARN)
            self.report.note(f"deployed: the service should run `{short(expected)}`" if expected else "deployed")
            if self.code_deploy:
                code = self.blue_green(after, running, expected, tag)
            else:
                code = self.wait_for(cluster, name, expected, self.timeout_seconds)
        except Exception as error:  # whatever broke after the parameter was written: put back what ran
            return self.roll_back(running, parameter, cluster, name, f"{type(error).__name__}: {error}", EXIT_FAILED)
        if code != 0:
            return self.roll_back(running, parameter, cluster, name, self.stability(code), code)
        self.report.note(self.stability(code))
        self.report.outcome = f"`{tag}` deployed"
        return 0

    def migration(self, target: MigrationTarget, *, version: str | None) -> int:
        """Run the migration; with `version` (a new tag), in a one-off revision that runs that tag's image."""
        if version is None:
            self.report.note(f"migration: `{short(target.task_definition)}`")
            code = self.run_migration(target)
        else:
            described = self.ecs.describe_task_definition(taskDefinition=target.task_definition, include=["TAGS"])
            request = one_off_request(described["taskDefinition"], described.get("tags", []), version)
            one_off = self.ecs.register_task_definition(**request)["taskDefinition"]["taskDefinitionArn"]
            self.report.note(
                f"migration with the new image `{app_image(request)}`: one-off revision `{short(one_off)}` of "
                f"`{short(target.task_definition)}`"
            )
            try:
                code = self.run_migration(replace(target, task_definition=one_off))
            finally:
                try:
                    self.ecs.deregister_task_definition(taskDefinition=one_off)
                except Exception as error:  # the migration's result matters more than this clean-up
                    warn(f"could not deregister the one-off revision {one_off}: {error}")
        self.report.note(f"migration exit code {code}")
        return code

    def roll_back(self, running: Running, parameter: str, cluster: str, name: str, reason: str, code: int) -> int:
        """Put the recorded tag and task definition back; each part is tried even when another fails. Blue/green:
        the tag, and the traffic on the old tasks (CodeDeploy's own roll-back)."""
        self.report.outcome = "rolled back"
        self.report.note(f"FAILED: {reason}. Rolling back to what ran before.")
        manual: list[str] = []
        try:
            if self.read_tag(parameter) != running.tag:
                self.write_tag(parameter, running.tag)
            self.report.note(f"`{parameter}` is back at `{running.tag}`: the next deploy keeps the running version")
        except Exception as error:
            self.report.note(f"could not put the tag back ({type(error).__name__}: {error})")
            manual.append(f"aws ssm put-parameter --name {parameter} --type String --value {running.tag} --overwrite")
        if self.code_deploy:
            try:
                manual += self.traffic_back(running, cluster, name)
            except Exception as error:
                self.report.note(f"could not check the service ({type(error).__name__}: {error})")
                manual.append(f"aws ecs describe-services --cluster {cluster} --services {name}")
                if self.deployment_id is not None:
                    manual.append(f"aws deploy get-deployment --deployment-id {self.deployment_id}")
            return self.finish_roll_back(manual, code)
        try:
            current = self.ecs.describe_services(cluster=cluster, services=[name])["services"][0]["taskDefinition"]
            if current != running.task_definition:
                self.ecs.update_service(cluster=cluster, service=name, taskDefinition=running.task_definition)
                self.report.note(
                    f"service `{name}` put back from `{short(current)}` on `{short(running.task_definition)}` "
                    "(UpdateService)"
                )
            else:
                self.report.note(
                    f"service `{name}` is on `{short(running.task_definition)}` already (the deploy did not change "
                    "it, or the circuit breaker rolled it back)"
                )
            back = self.wait_for(cluster, name, running.task_definition, self.rollback_timeout_seconds)
            self.report.note(f"after the roll-back: {self.stability(back)}")
        except Exception as error:
            self.report.note(f"could not put the service back ({type(error).__name__}: {error})")
            manual.append(
                f"aws ecs update-service --cluster {cluster} --service {name} "
                f"--task-definition {running.task_definition}"
            )
        return self.finish_roll_back(manual, code)

    def finish_roll_back(self, manual: list[str], code: int) -> int:
        if manual:
            self.report.outcome = "FAILED, roll-back incomplete"
            self.report.note("finish the roll-back by hand: " + "; ".join(f"`{command}`" for command in manual))
        return code if code != 0 else EXIT_FAILED

    # Blue/green --------------------------------------------------------------------------------------------------

    def blue_green(self, outputs: StackOutputs, running: Running, expected: str | None, tag: str) -> int:
        """Deploy `expected` through CodeDeploy and wait for the deployment, bake time included."""
        cluster, name = outputs.string(contract.CLUSTER_NAME), outputs.string(contract.SERVICE_NAME)
        if expected is None or expected == running.task_definition:
            self.report.note(
                f"blue/green: the service already runs `{short(running.task_definition)}`: no CodeDeploy deployment"
            )
            return self.wait_service(cluster, name, running.task_definition, self.timeout_seconds)
        self.deployments = codedeploy.Deployments(
            self.clients("codedeploy"),
            application=outputs.string(contract.CODEDEPLOY_APPLICATION),
            group=outputs.string(contract.CODEDEPLOY_DEPLOYMENT_GROUP),
            poll_seconds=self.poll_seconds,
            sleep=self.sleep,
        )
        spec = codedeploy.app_spec(
            expected,
            container_port=int(outputs.get(contract.APP_CONTAINER_PORT) or 0),
            subnets=list(outputs.get(contract.TASK_SUBNET_IDS) or []),
            security_groups=[outputs.string(contract.TASK_SECURITY_GROUP_ID)],
            assign_public_ip=bool(outputs.get(contract.TASK_ASSIGN_PUBLIC_IP)),
        )
        self.deployment_id = self.deployments.start(spec, f"ops.rollout of {self.environment}: tag {tag}")
        self.report.note(
            f"blue/green: CodeDeploy deployment `{self.deployment_id}` of `{short(expected)}` "
            f"(`{self.deployments.application}`/`{self.deployments.group}`); watch it with "
            f"`aws deploy get-deployment --deployment-id {self.deployment_id}`"
        )
        code = self.deployments.wait(self.deployment_id, self.timeout_seconds)
        self.report.note(f"CodeDeploy: {codedeploy.summary(self.deployments.last)}")
        return code

    def traffic_back(self, running: Running, cluster: str, name: str) -> list[str]:
        """Blue/green roll-back: CodeDeploy moves the traffic back by itself (a failed or alarm-stopped deployment;
        `wait` stops one that ran out of time with a roll-back); wait until the service serves from the previous
        task definition. Returns the commands left to run by hand."""
        if self.deployment_id is None:
            self.report.note(
                f"no CodeDeploy deployment was started: service `{name}` still runs `{short(running.task_definition)}`"
            )
        back = self.wait_service(cluster, name, running.task_definition, self.rollback_timeout_seconds)
        self.report.note(
            f"after the roll-back: service `{name}` serves from `{short(running.task_definition)}`"
            if back == 0
            else f"after the roll-back: service `{name}` is not back on `{short(running.task_definition)}` yet"
        )
        if back != 0 and self.deployment_id is not None:
            return [f"aws deploy stop-deployment --deployment-id {self.deployment_id} --auto-rollback-enabled"]
        return []

    def wait_service(self, cluster: str, name: str, task_definition: str | None, timeout_seconds: float) -> int:
        """Rolling: `wait_for`. CodeDeploy: ECS keeps no rolling deployments for such a service, so wait until it
        runs `task_definition` (its primary task set's) with every desired task running."""
        if not self.code_deploy:
            return self.wait_for(cluster, name, task_definition, timeout_seconds)
        deadline = time.monotonic() + timeout_seconds
        while True:
            service = self.service_named(cluster, name)
            if (
                service is not None
                and (task_definition is None or service.get("taskDefinition") == task_definition)
                and service.get("runningCount", 0) >= max(service.get("desiredCount", 0), 1)
            ):
                return 0
            if time.monotonic() >= deadline:
                return EXIT_TIMEOUT
            self.sleep(self.poll_seconds)

    def service_named(self, cluster: str, name: str) -> dict[str, Any] | None:
        found = self.ecs.describe_services(cluster=cluster, services=[name]).get("services", [])
        return found[0] if found else None

    def stability(self, code: int) -> str:
        if code == 0:
            return "the service is stable"
        if code == EXIT_TIMEOUT:
            return "the service did not become stable in time (see the events above)"
        if self.code_deploy:
            return "the CodeDeploy deployment failed or was stopped, and CodeDeploy rolled it back (see above)"
        return "the service's deployment failed or was rolled back by the circuit breaker (see the events above)"


def run_command(command: str) -> int:
    """Run the deploy command with its output on this process's (CI shows it live)."""
    say(f"$ {command}")
    return subprocess.run(shlex.split(command), check=False).returncode


def parser() -> argparse.ArgumentParser:
    parse = argparse.ArgumentParser(
        prog="python -m ops.rollout", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parse.add_argument("environment", help="ECS environment (dev, prod): its stack is deployed")
    parse.add_argument("--tag", help="image tag or sha256 digest to roll out (default: the tag the parameter holds)")
    parse.add_argument("--stack-dir", type=Path, help="synthesized stack folder (default: cdktf.out/stacks/<env>)")
    parse.add_argument("--deploy-command", default=DEPLOY_COMMAND, help=f"deploys the stack ({DEPLOY_COMMAND!r})")
    parse.add_argument("--region", help="AWS region (default: the stack's, else AWS_REGION / the profile's)")
    parse.add_argument("--timeout-seconds", type=float, default=1800, help="wait for the new version (1800)")
    parse.add_argument("--rollback-timeout-seconds", type=float, default=900, help="wait for the old one (900)")
    parse.add_argument("--migration-timeout-seconds", type=float, default=1800, help="wait for the migration (1800)")
    parse.add_argument("--poll-seconds", type=float, default=10, help="seconds between checks (10)")
    return parse


def main(
    argv: Sequence[str] | None = None,
    clients: ClientFactory | None = None,
    deploy: Callable[[], int] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    args = parser().parse_args(argv)
    report: Report | None = None
    try:
        if args.tag:
            check_tag(args.tag)  # before anything is read or run

        def outputs() -> StackOutputs:
            return StackOutputs.read(args.environment, args.stack_dir, init=True)

        rollout = Rollout(
            args.environment,
            clients=clients or boto3_clients(args.region or outputs().region()),
            outputs=outputs,
            deploy=deploy or (lambda: run_command(args.deploy_command.format(environment=args.environment))),
            tag=args.tag,
            timeout_seconds=args.timeout_seconds,
            rollback_timeout_seconds=args.rollback_timeout_seconds,
            migration_timeout_seconds=args.migration_timeout_seconds,
            poll_seconds=args.poll_seconds,
            sleep=sleep,
        )
        report = rollout.report
        return rollout.run()
    except Exception as error:  # OpsError: a known failure with its fix; anything else: an AWS or tool error
        message = str(error) if isinstance(error, OpsError) else f"{type(error).__name__}: {error}"
        warn(f"error: {message}")
        if report:
            report.outcome = "stopped"
            report.lines.append(f"error: {message}")
        return error.exit_code if isinstance(error, OpsError) else EXIT_FAILED
    finally:
        if report:
            report.write(os.environ.get("GITHUB_STEP_SUMMARY"))


if __name__ == "__main__":
    sys.exit(main())
