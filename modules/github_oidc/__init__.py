"""GitHub Actions signs in to AWS without stored keys: the account's GitHub OIDC provider and two roles.

    from modules.github_oidc.construct import GithubOidc
    from modules.github_oidc.props import GithubOidcProps

    ci = GithubOidc(
        self,
        "github",
        GithubOidcProps(
            repository="acme/mission-control-infra",
            name_prefix="mission-control",
            state_bucket_arn=backend.bucket.arn,
            lock_table_arn=backend.lock_table.arn,
            state_kms_key_arn=backend.key.key.arn,
        ),
    )
    # workflows: role-to-assume = ci.plan_role.arn (pull requests) / ci.deploy_role.arn (environments)

- `plan_role`: read-only (`ReadOnlyAccess`) plus what `terraform plan` needs to read and lock the state, and the
  secrets of `plan_secret_environments` (dev). Trusted for pull requests and the main branch of this repository.
- `protected_plan_roles[env]` (prod, lightsail): the same for one protected environment, reading its secrets only.
  Trusted only for jobs in the GitHub environment `<env>-plan` (required reviewers) and the main branch, so no
  pull request reads prod's secrets without a reviewer's approval. Every plan role is denied the secrets of the
  other environments, and all but a Lightsail environment's are denied Lightsail's password and container
  environment reads.
- `deploy_role`: `PowerUserAccess` (everything but IAM and account management), IAM limited to the app's own
  roles, and guard rails around the CI roles and the state backend. Trusted only for jobs that run in the GitHub
  environments `dev` and `prod` of this repository, so the environments' protection rules (required reviewers,
  deployment branches) decide who may deploy.

An account has one provider per URL: pass `existing_provider_arn` to reuse the one that exists.
"""
