"""Container image references, checked against the OCI distribution reference grammar. No cdktf import.

    from modules.image_reference import check_image_reference, parse_image_reference

    check_image_reference("image", "ghcr.io/acme/mc:1.4.2")            # passes
    check_image_reference("image", "ghcr.io/Acme/mc:1.4.2")            # InvalidSetting: upper-case repository
    parse_image_reference("ghcr.io/acme/mc:1.4.2").name                # 'ghcr.io/acme/mc'

The grammar is distribution/reference's (the one Docker, containerd, ECR and Lightsail use):

    reference  := name [ ":" tag ] [ "@" digest ]
    name       := [ registry "/" ] path-component ( "/" path-component )*      at most 255 characters
    registry   := host [ ":" port ]      host: DNS labels joined by ".", "localhost", or an IPv6 address in [ ]
    path-component := [a-z0-9]+ ( ( "." | "_" | "__" | "-"+ ) [a-z0-9]+ )*
    tag        := [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}
    digest     := algorithm ":" hex      sha256: 64, sha384: 96, sha512: 128 lowercase hex digits

As Docker does, the first component is the registry only when it has a "." or a ":", or is "localhost":
`acme/mc` is the repository `acme/mc` on the default registry, `registry.example.com:5000/team/mc` is on
`registry.example.com:5000`. Nothing is normalized: `str(parse_image_reference(x)) == x` for every accepted `x`.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from modules.validation import InvalidSetting, is_token

NAME_MAX_LENGTH = 255
TAG_MAX_LENGTH = 128

_PATH_COMPONENT = re.compile(r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*")
_DOMAIN_COMPONENT = re.compile(r"[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]")
_IPV6_HOST = re.compile(r"\[[a-fA-F0-9:]+\]")
_TAG = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
_ALGORITHM = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*")
DIGEST_HEX_LENGTHS = {"sha256": 64, "sha384": 96, "sha512": 128}

# Every character any part of a reference may hold; anything else is named in the error.
_ALPHABET = re.compile(r"[A-Za-z0-9._:/@\[\]-]")
_SHELL_METACHARACTERS = set("|&;<>()$`\\\"'*?!{}~#%^=,+")

EXAMPLE = "ghcr.io/acme/mission-control:1.4.2"


@dataclass(frozen=True, kw_only=True)
class ImageReference:
    """The parts of an image reference; `str()` gives the reference back exactly as written."""

    registry: str | None
    """Registry host, with its port if any (`ghcr.io`, `localhost:5000`, `[::1]:5000`). None: the default (Docker
    Hub), as in `redis:7.4.2-alpine`."""
    repository: str
    """The path inside the registry: `acme/mc`, `library/redis`, `redis`."""
    tag: str | None = None
    """`1.4.2`; None when the reference has no tag (Docker then pulls `latest`, or the digest when one is given)."""
    digest: str | None = None
    """`sha256:<64 hex digits>`; None when the reference has none."""

    @property
    def name(self) -> str:
        """Registry and repository without tag or digest: `ghcr.io/acme/mc:1.4.2` -> `ghcr.io/acme/mc`."""
        return f"{self.registry}/{self.repository}" if self.registry else self.repository

    @property
    def tag_or_latest(self) -> str:
        """The tag, or `latest` (what a pull without a tag or digest gets)."""
        return self.tag or "latest"

    def __str__(self) -> str:
        return (
            self.name
            + (f":{self.tag}" if self.tag is not None else "")
            + (f"@{self.digest}" if self.digest is not None else "")
        )


class _Refused(Exception):
    """A reference we refuse: what is wrong (naming the part) and how to fix it."""

    def __init__(self, problem: str, fix: str = f"use a reference such as {EXAMPLE!r}") -> None:
        super().__init__(problem)
        self.problem = problem
        self.fix = fix


def check_image_reference(setting: str, value: str) -> None:
    """Raise `InvalidSetting` unless `value` is a valid image reference. Tokens are skipped.

    Example message: `image='ghcr.io/Acme/mc:1.4.2': the repository 'Acme/mc' has upper-case letters; image
    repositories are lowercase. Fix: write it in lowercase: 'ghcr.io/acme/mc:1.4.2'.`
    """
    if is_token(value):
        return
    parse_image_reference(value, setting=setting)


def parse_image_reference(value: str, *, setting: str = "image") -> ImageReference:
    """The parts of the image reference `value`; `InvalidSetting` (under `setting`) when it is not one.
    A token has no parts before Terraform runs: parse only plain values (`check_image_reference` skips tokens)."""
    if is_token(value):
        raise ValueError(f"{setting}: a Terraform token has no image reference parts before Terraform runs")
    try:
        return _parse(value)
    except _Refused as refused:
        raise InvalidSetting(setting=setting, value=value, problem=refused.problem, fix=refused.fix) from None


def _parse(value: object) -> ImageReference:
    if not isinstance(value, str):
        raise _Refused(f"expected text (a str), got {type(value).__name__}", f"quote the reference, e.g. {EXAMPLE!r}")
    _check_characters(value)
    name_and_tag, at, digest = value.partition("@")
    if at:
        _check_digest(digest)
    registry, path_and_tag = _split_registry(name_and_tag)
    path, colon, tag = path_and_tag.partition(":")
    if colon:
        _check_tag(path_and_tag, tag)
    _check_path(path, registry, colon, tag, at, digest)
    name = f"{registry}/{path}" if registry else path
    if len(name) > NAME_MAX_LENGTH:
        raise _Refused(
            f"the image name {name[:40] + '...'!r} is {len(name)} characters long; registries allow {NAME_MAX_LENGTH}",
            "use a shorter registry or repository path",
        )
    return ImageReference(registry=registry, repository=path, tag=tag if colon else None, digest=digest if at else None)


def _check_characters(value: str) -> None:
    if not value:
        raise _Refused("it is empty")
    if "${" in value or "%{" in value:
        raise _Refused(
            "it contains a Terraform template sequence ('${' or '%{'), which Terraform would evaluate",
            f"write the image reference itself, e.g. {EXAMPLE!r} (to use a variable, set MC_IMAGE)",
        )
    bad = sorted({char for char in value if not _ALPHABET.fullmatch(char)})
    if bad and all(char.isspace() for char in bad):
        inner = value.strip()
        where = "inside it" if not inner or any(char.isspace() for char in inner) else "around it"
        raise _Refused(
            f"it has whitespace {where} ({', '.join(repr(char) for char in bad)})",
            f"remove the whitespace: {''.join(value.split())!r}",
        )
    if bad:
        if all(char in _SHELL_METACHARACTERS for char in bad):
            kind = "the shell metacharacter" + ("s" if len(bad) > 1 else "")
        else:
            kind = "the character" + ("s" if len(bad) > 1 else "")
        listed = ", ".join(repr(char) for char in bad)
        raise _Refused(
            f"it contains {kind} {listed}, which no image reference has (references are letters, digits and "
            ". _ - / : @ only)",
            f"remove {listed}; a reference looks like {EXAMPLE!r}",
        )
    if value.count("@") > 1:
        raise _Refused("it has several '@digest' parts", "keep one digest, e.g. 'ghcr.io/acme/mc@sha256:<64 hex>'")


def _check_digest(digest: str) -> None:
    algorithm, colon, hex_digits = digest.partition(":")
    fix = "use 'sha256:' followed by the 64 lowercase hex digits of the image's digest"
    if not colon or not _ALGORITHM.fullmatch(algorithm):
        raise _Refused(f"the digest {digest!r} is not 'algorithm:hex'", fix)
    expected = DIGEST_HEX_LENGTHS.get(algorithm)
    if expected is None:
        raise _Refused(f"the digest algorithm {algorithm!r} is not one registries accept (sha256, sha384, sha512)", fix)
    if not re.fullmatch(r"[a-f0-9]+", hex_digits):
        problem = (
            "upper-case hex digits" if re.fullmatch(r"[a-fA-F0-9]+", hex_digits) else "characters that are not hex"
        )
        raise _Refused(f"the {algorithm} digest has {problem}", fix)
    if len(hex_digits) != expected:
        raise _Refused(f"the {algorithm} digest has {len(hex_digits)} hex digits; it needs {expected}", fix)


def _split_registry(name: str) -> tuple[str | None, str]:
    first, slash, rest = name.partition("/")
    if not slash or not ("." in first or ":" in first or first == "localhost" or first.startswith("[")):
        return None, name
    host, port = _host_and_port(first)
    if _IPV6_HOST.fullmatch(host):
        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            raise _Refused(f"the registry {first!r} has an invalid IPv6 address {host}") from None
    elif not all(_DOMAIN_COMPONENT.fullmatch(label) for label in host.split(".")):
        raise _Refused(
            f"the registry {first!r} is not a host name (labels of letters, digits and inner hyphens, joined by '.')",
            "write the registry host, e.g. 'ghcr.io' or 'registry.example.com:5000'",
        )
    if port is not None and not (port.isdigit() and len(port) <= 5 and 0 < int(port) <= 65535):
        raise _Refused(f"the registry {first!r} has the port {port!r}; a port is a number from 1 to 65535")
    return first, rest


def _host_and_port(registry: str) -> tuple[str, str | None]:
    if registry.startswith("["):
        close = registry.find("]")
        if close < 0:
            raise _Refused(f"the registry {registry!r} opens '[' for an IPv6 address but does not close it")
        host, after = registry[: close + 1], registry[close + 1 :]
        if after and not after.startswith(":"):
            raise _Refused(f"the registry {registry!r} has {after!r} after its IPv6 address")
        return host, after[1:] if after else None
    host, colon, port = registry.partition(":")
    return host, port if colon else None


def _check_tag(path_and_tag: str, tag: str) -> None:
    if ":" in tag:
        raise _Refused(
            f"it has several ':tag' parts ({path_and_tag!r})", "keep one tag after the repository, e.g. 'acme/mc:1.4.2'"
        )
    if "/" in tag:
        raise _Refused(
            f"':' may only come before the tag, at the end, but {tag!r} follows it",
            "put the registry's port in the first part ('registry.example.com:5000/team/mc') and the tag last",
        )
    if not tag:
        raise _Refused("the tag after ':' is empty", "write the tag, e.g. 'acme/mc:1.4.2', or leave out the ':'")
    if not _TAG.fullmatch(tag):
        raise _Refused(
            f"the tag {tag!r} is not valid (letters, digits, '_', '.' and '-', not starting with '.' or '-')",
            "use a tag such as '1.4.2' or 'v2'",
        )
    if len(tag) > TAG_MAX_LENGTH:
        raise _Refused(f"the tag is {len(tag)} characters long; tags have at most {TAG_MAX_LENGTH}")


def _check_path(path: str, registry: str | None, colon: str, tag: str, at: str, digest: str) -> None:
    if not path:
        raise _Refused("it has no repository", f"name the repository, e.g. {EXAMPLE!r}")
    if path != path.lower():
        lowered = (f"{registry}/" if registry else "") + path.lower() + colon + tag + at + digest
        raise _Refused(
            f"the repository {path!r} has upper-case letters; image repositories are lowercase",
            f"write it in lowercase: {lowered!r}",
        )
    for component in path.split("/"):
        if not component:
            raise _Refused(
                f"the repository {path!r} has an empty path component ('//', or '/' at its start or end)",
                "remove the extra '/'",
            )
        if not _PATH_COMPONENT.fullmatch(component):
            raise _Refused(
                f"the repository path component {component!r} is not valid: lowercase letters and digits, "
                "separated by single '.', '_' or '__', or by hyphens, starting and ending with a letter or digit",
                f"use a repository such as 'acme/mission-control', e.g. {EXAMPLE!r}",
            )
