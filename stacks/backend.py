"""Where a stack keeps its state (S3, Terraform Cloud or a local file), and the emulator mode's redirections.

Emulator mode changes only the provider and backend blocks, and only when `emulator_endpoint` is set: what
production synthesizes never depends on it (tests/synth/test_backends.py compares the two).
"""

from __future__ import annotations

from cdktf import CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, TaggedCloudWorkspaces, TerraformStack
from cdktf_cdktf_provider_aws.provider import AwsProvider

from environments.settings import Settings, StateSettings
from modules.state_backend.props import state_key_alias
from stacks.emulator import EMULATOR_CREDENTIALS, emulator_provider_arguments

REQUIRED_TERRAFORM = ">= 1.11.0"
"""Ephemeral resources and write-only arguments, which keep generated secrets out of state, need 1.11."""


def configure_backend(stack: TerraformStack, settings: Settings) -> None:
    stack.add_override("terraform.required_version", REQUIRED_TERRAFORM)
    state = settings.state
    if state.backend == "cloud":
        assert state.organization is not None
        workspaces: NamedCloudWorkspace | TaggedCloudWorkspaces = (
            # The environment's name joins the tags: every stack has its own set, so dev never selects prod's
            # workspaces (Terraform Cloud selects the workspaces that carry all of them).
            TaggedCloudWorkspaces(tags=environment_tags(state.workspace_tags, settings.name), project=state.project)
            if state.workspace_tags
            else NamedCloudWorkspace(name=settings.cloud_workspace, project=state.project)
        )
        CloudBackend(stack, organization=state.organization, workspaces=workspaces, hostname=state.hostname)
    elif state.backend == "local":
        LocalBackend(stack, path=state.local_path or f"terraform.{settings.name}.tfstate")
    else:
        configure_s3_backend(
            stack,
            state,
            key=state.key(settings.name),
            region=settings.state_region,
            emulator_endpoint=settings.emulator_endpoint,
        )


def environment_tags(tags: tuple[str, ...], environment: str) -> list[str]:
    """The workspace tags of one environment's stack: the configured ones plus the environment's name."""
    return [*tags, environment] if environment not in tags else list(tags)


def configure_s3_backend(
    stack: TerraformStack, state: StateSettings, *, key: str, region: str, emulator_endpoint: str | None
) -> None:
    """S3 state with both locks: DynamoDB (any Terraform >= 1.0) and S3-native `use_lockfile` (>= 1.10), so the
    table can be retired later without a migration."""
    # The state key by alias: S3 resolves an alias in the caller's account, so state is encrypted with our key
    # (not AES256, which `encrypt` alone would ask for) and stays unreadable even in a bucket someone else owns;
    # before the `state` stack exists, the alias does not, and nothing is written.
    backend = S3Backend(
        stack,
        bucket=state.bucket,
        key=key,
        region=region,
        encrypt=True,
        kms_key_id=f"alias/{state_key_alias(state.bucket)}",
        dynamodb_table=state.lock_table,
    )
    backend.add_override("use_lockfile", True)  # cdktf 0.21's S3Backend has no field for it
    if emulator_endpoint is not None:
        for name, value in {
            **EMULATOR_CREDENTIALS,
            "endpoints": {
                "s3": emulator_endpoint,
                "dynamodb": emulator_endpoint,
                "sts": emulator_endpoint,
                "iam": emulator_endpoint,
            },
            "use_path_style": True,
            "skip_credentials_validation": True,
            "skip_requesting_account_id": True,
            "skip_metadata_api_check": True,
            "skip_region_validation": True,
            "insecure": True,  # the emulator's self-signed certificate
        }.items():
            backend.add_override(name, value)


def point_provider_at_emulator(provider: AwsProvider, endpoint: str) -> None:
    for name, value in emulator_provider_arguments(endpoint).items():
        provider.add_override(name, value)
