"""Options and props of `GithubOidc`. No cdktf import: validated and tested without a synth."""

from __future__ import annotations

import re
from dataclasses import dataclass

from modules.options import Options, Props
from modules.validation import check_pattern, check_range, is_token, require

PROVIDER_HOST = "token.actions.githubusercontent.com"
PROVIDER_URL = f"https://{PROVIDER_HOST}"
AUDIENCE = "sts.amazonaws.com"
"""The audience `aws-actions/configure-aws-credentials` asks GitHub for (its default)."""

ROLE_PATH = "/github-actions/"
"""IAM path of the CI roles: outside the `role/<name_prefix>-*` names the deploy role may manage."""

# GitHub's grammar: an owner (user or organization) is 1-39 letters, digits and single inner hyphens; a repository
# name is 1-100 letters, digits, '.', '_' and '-', but not '.' or '..'.
OWNER_PATTERN = r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}"
REPOSITORY_NAME_PATTERN = r"(?!\.\.?$)[A-Za-z0-9._-]{1,100}"
REPOSITORY_PATTERN = rf"{OWNER_PATTERN}/{REPOSITORY_NAME_PATTERN}"

# A branch name without wildcards: the trust condition compares it literally (StringEquals).
BRANCH_PATTERN = r"(?!/)(?!.*(?:\.\.|//|@\{|\.lock$|/$|\.$))[A-Za-z0-9._/-]{1,255}"
ENVIRONMENT_PATTERN = r"[A-Za-z0-9_.-]{1,255}"
STACK_ENVIRONMENT_PATTERN = r"[a-z][a-z0-9-]{0,19}"
"""An environment (stack) name as the settings allow it: the `<environment>` in `<name_prefix>-<environment>`."""
PROVIDER_ARN_PATTERN = r"arn:aws[a-z-]*:iam::\d{12}:oidc-provider/" + re.escape(PROVIDER_HOST)


def _check_literal(setting: str, value: str, *, meaning: str, example: str) -> None:
    """Trust conditions are compared literally by IAM: a Terraform interpolation or token has no place there."""
    require(
        isinstance(value, str) and "${" not in value,
        setting=setting,
        value=value,
        problem=f"a Terraform interpolation or token, but IAM compares {meaning} literally in the trust policy",
        fix=f"write {meaning} itself, for example {example!r}",
    )


@dataclass(frozen=True, kw_only=True)
class GithubOidcOptions(Options):
    """Which workflows of the repository may assume which role, and what the roles may do. Every field has a
    default."""

    main_branch: str = "main"
    """Branch whose workflows may assume the plan role (besides pull requests), e.g. for a drift check."""
    deploy_environments: tuple[str, ...] = ("dev", "prod")
    """GitHub environments whose jobs may assume the deploy role (`sub` = `repo:<repository>:environment:<name>`).
    A job gets such a token only by naming the environment, so the environment's protection rules (required
    reviewers, deployment branches: main only) guard every deploy. At least one."""
    existing_provider_arn: str | None = None
    """ARN of the account's GitHub OIDC provider, when it exists already (an account has one per URL). When left
    out, the provider is created: `https://token.actions.githubusercontent.com`, client id `sts.amazonaws.com`."""
    plan_secret_environments: tuple[str, ...] = ("dev",)
    """Environments whose secrets (`<name_prefix>-<environment>/*`) the shared plan role may read. Plans open the
    stacks' reads of stored secrets (ephemeral reads for write-only arguments, the Redis AUTH token's read-back),
    so an environment's plan needs its secret values; but pull requests assume this role, so anyone who can push a
    branch could read them. Only environments whose data is throwaway belong here (dev: rebuilt at will)."""
    protected_plan_environments: tuple[str, ...] = ("prod", "lightsail")
    """Environments planned with their own role, `<name_prefix>-github-plan-<environment>`, which reads that
    environment's secrets only and which pull requests can assume only from the GitHub environment
    `<environment>-plan` (give it required reviewers), or workflows on the main branch (protect it: a nightly drift
    plan runs there without waiting). The shared plan role is denied their secrets."""
    enable_reviewed_plans: bool = True
    """Let jobs in the GitHub environment `<environment>-plan` assume the protected plan roles, so a pull request
    can plan prod once that environment's required reviewers approve. Turn it off where environments cannot require
    reviewers (private repositories on GitHub Free, Pro and Team): anyone who can push a branch could otherwise name
    the environment and read prod's secrets. The protected roles then trust only the main branch."""
    lightsail_environments: tuple[str, ...] = ("lightsail",)
    """Environments on Lightsail. Lightsail's own API returns their database password
    (`GetRelationalDatabaseMasterUserPassword`) and the container environment in plain text
    (`GetContainerServiceDeployments`), both allowed by `ReadOnlyAccess`'s `lightsail:Get*`: every plan role but
    theirs is denied those two calls."""
    plan_max_session_hours: int = 3
    """Longest session of the plan roles (1-12 hours). A plan that meets a deploy's state lock waits for it (up to
    2 hours, `review.plan_stack`), and its credentials must outlive the wait."""
    deploy_max_session_hours: int = 2
    """Longest session of the deploy role (1-12 hours). A first `prod` apply (Multi-AZ database, Redis with a
    replica, certificate validation) can take well over the 1 hour default; credentials that expire mid-apply leave
    the state locked."""

    def validate(self) -> None:
        _check_literal("main_branch", self.main_branch, meaning="the branch name", example="main")
        check_pattern(
            "main_branch",
            self.main_branch,
            BRANCH_PATTERN,
            meaning="a git branch name without wildcards",
            example="main",
        )
        require(
            len(self.deploy_environments) >= 1,
            setting="deploy_environments",
            value=self.deploy_environments,
            problem="no GitHub environment could assume the deploy role",
            fix="name the GitHub environments that deploy, for example ('dev', 'prod')",
        )
        require(
            len(set(self.deploy_environments)) == len(self.deploy_environments),
            setting="deploy_environments",
            value=self.deploy_environments,
            problem="an environment is named twice",
            fix="name each GitHub environment once",
        )
        for environment in self.deploy_environments:
            _check_literal("deploy_environments", environment, meaning="the environment name", example="prod")
            check_pattern(
                "deploy_environments",
                environment,
                ENVIRONMENT_PATTERN,
                meaning="a GitHub environment name (letters, digits, '_', '.', '-')",
                example="prod",
            )
        if self.existing_provider_arn is not None:
            check_pattern(
                "existing_provider_arn",
                self.existing_provider_arn,
                PROVIDER_ARN_PATTERN,
                meaning="the ARN of a GitHub Actions OIDC provider",
                example=f"arn:aws:iam::123456789012:oidc-provider/{PROVIDER_HOST}",
            )
        for setting, names in (
            ("plan_secret_environments", self.plan_secret_environments),
            ("protected_plan_environments", self.protected_plan_environments),
            ("lightsail_environments", self.lightsail_environments),
        ):
            require(
                len(set(names)) == len(names),
                setting=setting,
                value=names,
                problem="an environment is named twice",
                fix="name each environment once",
            )
            for name in names:
                _check_literal(setting, name, meaning="the environment name", example="prod")
                check_pattern(
                    setting,
                    name,
                    STACK_ENVIRONMENT_PATTERN,
                    meaning="an environment name (lowercase letters, digits, '-'; at most 20)",
                    example="prod",
                )
        shared = set(self.plan_secret_environments) & set(self.protected_plan_environments)
        require(
            not shared,
            setting="plan_secret_environments",
            value=self.plan_secret_environments,
            problem=f"{sorted(shared)} also in protected_plan_environments: the shared plan role, which pull "
            "requests assume, would read the secrets its protected role exists to keep",
            fix="list each environment in one of plan_secret_environments and protected_plan_environments",
        )
        check_range("plan_max_session_hours", self.plan_max_session_hours, 1, 12)
        check_range("deploy_max_session_hours", self.deploy_max_session_hours, 1, 12)

    @property
    def plan_environments(self) -> tuple[str, ...]:
        """Every environment some plan role reads the secrets of: the shared role's, then the protected ones."""
        return self.plan_secret_environments + self.protected_plan_environments


@dataclass(frozen=True, kw_only=True)
class GithubOidcProps(GithubOidcOptions, Props):
    """Everything `GithubOidc` needs: the options plus the repository, the names and the state backend."""

    repository: str
    """The GitHub repository whose workflows may assume the roles, `owner/name`, spelled as GitHub shows it (IAM
    compares the token's `sub` claim case-sensitively). No wildcards."""
    name_prefix: str
    """The settings' `name_prefix`. The roles are `<name_prefix>-github-plan`, `<name_prefix>-github-plan-<env>`
    (one per protected environment) and `<name_prefix>-github-deploy`
    (under the IAM path `/github-actions/`); the deploy role may manage only the IAM roles the stacks create, whose
    names start with `<name_prefix>-` (with prefixes of 20 characters or more: with its first 20 characters, as the
    stacks cut role names there)."""
    state_bucket_arn: str
    """ARN of the Terraform state bucket (`StateBackend.bucket.arn`)."""
    lock_table_arn: str
    """ARN of the DynamoDB lock table (`StateBackend.lock_table.arn`)."""
    state_kms_key_arn: str
    """ARN of the KMS key that encrypts the state and the lock table (`StateBackend.key.key.arn`)."""

    def validate(self) -> None:
        super().validate()
        _check_literal("repository", self.repository, meaning="the repository", example="acme/mission-control-infra")
        check_pattern(
            "repository",
            self.repository,
            REPOSITORY_PATTERN,
            meaning="a GitHub repository owner/name (owner: letters, digits, inner hyphens; name: letters, digits, "
            "'.', '_', '-'; no wildcards)",
            example="acme/mission-control-infra",
        )
        check_pattern(
            "name_prefix",
            self.name_prefix,
            r"[a-z][a-z0-9-]{0,29}",
            meaning="a lowercase prefix of at most 30 letters, digits and hyphens",
            example="mission-control",
        )
        check_pattern(
            "state_bucket_arn",
            self.state_bucket_arn,
            r"arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]",
            meaning="an S3 bucket ARN",
            example="arn:aws:s3:::acme-mission-control-tfstate",
        )
        check_pattern(
            "lock_table_arn",
            self.lock_table_arn,
            r"arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\d{12}:table/[A-Za-z0-9_.-]{3,255}",
            meaning="a DynamoDB table ARN",
            example="arn:aws:dynamodb:us-east-1:123456789012:table/mission-control-terraform-locks",
        )
        check_pattern(
            "state_kms_key_arn",
            self.state_kms_key_arn,
            r"arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key/[A-Za-z0-9-]+",
            meaning="a KMS key ARN",
            example="arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        )

    def subject(self, context: str) -> str:
        """The `sub` claim of this repository's token in `context` (`pull_request`, `environment:prod`, ...)."""
        return f"repo:{self.repository}:{context}"

    @property
    def plan_subjects(self) -> tuple[str, ...]:
        """Who may assume the plan role: pull requests, and workflows on the main branch (without an environment)."""
        return (self.subject("pull_request"), self.subject(f"ref:refs/heads/{self.main_branch}"))

    def protected_plan_subjects(self, environment: str) -> tuple[str, ...]:
        """Who may assume the plan role of a protected environment: jobs in the GitHub environment
        `<environment>-plan` (its reviewers approve each pull request's plan), and workflows on the main branch."""
        main = self.subject(f"ref:refs/heads/{self.main_branch}")
        return (self.subject(f"environment:{environment}-plan"), main) if self.enable_reviewed_plans else (main,)

    @property
    def deploy_subjects(self) -> tuple[str, ...]:
        """Who may assume the deploy role: jobs that run in one of the deploy environments."""
        return tuple(self.subject(f"environment:{name}") for name in self.deploy_environments)

    @property
    def plan_role_name(self) -> str:
        return f"{self.name_prefix}-github-plan"

    def protected_plan_role_name(self, environment: str) -> str:
        return f"{self.name_prefix}-github-plan-{environment}"

    @property
    def deploy_role_name(self) -> str:
        return f"{self.name_prefix}-github-deploy"

    @property
    def app_role_name_pattern(self) -> str:
        """IAM role names the stacks create (`<name>-exec-…`, `<name>-flow-logs-…`, where `<name>` is
        `<name_prefix>-<environment>` cut to 20 or 24 characters), as an IAM resource wildcard."""
        if is_token(self.name_prefix):
            return f"{self.name_prefix}-*"
        return f"{self.name_prefix[:20]}*" if len(self.name_prefix) >= 20 else f"{self.name_prefix}-*"
