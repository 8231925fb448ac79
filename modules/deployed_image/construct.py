"""The `DeployedImage` construct; see the package docstring."""

from __future__ import annotations

from cdktf import Fn, Postcondition, TerraformLocal, TerraformResourceLifecycle, Token
from cdktf_cdktf_provider_aws.ssm_parameter import SsmParameter
from constructs import Construct

from modules.deployed_image.props import VERSION_PATTERN, DeployedImageProps


class DeployedImage(Construct):
    parameter: SsmParameter
    reference: str
    """`<repository>:<tag>` or `<repository>@sha256:<digest>`, from the parameter's current value."""

    def __init__(self, scope: Construct, id: str, props: DeployedImageProps) -> None:
        super().__init__(scope, id)
        self.parameter = SsmParameter(
            self,
            "this",
            name=f"/{props.name}/image-tag",
            description="Image tag (or sha256 digest) the deployment runs; CI writes it on a release",
            type="String",
            # Not a secret: `insecure_value` keeps it readable in plans.
            insecure_value=props.initial_version,
            lifecycle=TerraformResourceLifecycle(
                ignore_changes=["insecure_value"],
                postcondition=[
                    Postcondition(
                        condition=f'${{can(regex("^({VERSION_PATTERN})$", self.insecure_value))}}',
                        error_message=f"The parameter /{props.name}/image-tag must hold an image tag or a sha256 "
                        "digest: fix it with `aws ssm put-parameter --overwrite`.",
                    )
                ],
            ),
        )
        version = self.parameter.insecure_value
        separator = Token.as_string(Fn.conditional(Fn.startswith(version, "sha256:"), "@", ":"))
        # A local, so the expression (with its quoted literals) stays out of strings that hold JSON.
        self.reference = TerraformLocal(self, "reference", f"{props.repository}{separator}{version}").as_string
