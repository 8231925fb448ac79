"""Props of `DeployedImage`. No cdktf import."""

from __future__ import annotations

from dataclasses import dataclass

from modules.options import Props
from modules.validation import check_pattern

VERSION_PATTERN = r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|sha256:[a-f0-9]{64}"
"""A tag (the OCI distribution grammar) or a sha256 digest: what the parameter may hold."""


@dataclass(frozen=True, kw_only=True)
class DeployedImageProps(Props):
    """Everything `DeployedImage` needs."""

    name: str
    """Names the parameter `/<name>/image-tag`."""
    repository: str
    """The image without tag or digest, such as `ghcr.io/acme/mc`."""
    initial_version: str = "latest"
    """Tag (or `sha256:` digest) the parameter starts with; afterwards only CI changes it."""

    def validate(self) -> None:
        check_pattern(
            "initial_version",
            self.initial_version,
            VERSION_PATTERN,
            meaning="an image tag or a sha256 digest",
            example="1.4.2",
        )
