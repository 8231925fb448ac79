"""IAM policy documents as plans carry them (JSON strings): what they grant, compared before and after.

grants = parse_policy('{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}')
all_actions(grants)   # the statements that allow every action
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

# Condition keys that narrow who may use a statement with a `*` principal (to an account, organisation, network or
# calling resource). A statement with any of them is not open to the public.
RESTRICTING_CONDITION_KEYS = frozenset(
    key.lower()
    for key in (
        "aws:SourceArn",
        "aws:SourceAccount",
        "aws:SourceOwner",
        "aws:SourceOrgID",
        "aws:PrincipalOrgID",
        "aws:PrincipalOrgPaths",
        "aws:PrincipalAccount",
        "aws:PrincipalArn",
        "aws:PrincipalServiceName",
        "aws:SourceVpc",
        "aws:SourceVpce",
        "aws:SourceIp",
        "aws:VpcSourceIp",
        "aws:userid",
        "aws:username",
        "kms:CallerAccount",
        "kms:ViaService",
        "s3:DataAccessPointAccount",
        "sts:ExternalId",
    )
)


@dataclass(frozen=True)
class Statement:
    effect: str
    actions: tuple[str, ...]
    not_action: bool
    resources: tuple[str, ...]
    not_resource: bool
    principals: tuple[str, ...]  # "*" for everyone, else "AWS:arn...", "Service:..."
    restricted: bool  # a condition narrows who can use it

    @property
    def allows(self) -> bool:
        return self.effect.lower() == "allow"

    def covers_action(self, action: str) -> bool:
        if self.not_action:
            return not any(fnmatchcase(action.lower(), pattern.lower()) for pattern in self.actions)
        return any(fnmatchcase(action.lower(), pattern.lower()) for pattern in self.actions)

    @property
    def every_resource(self) -> bool:
        return self.not_resource or "*" in self.resources

    @property
    def every_action(self) -> bool:
        return self.not_action or any(action in ("*", "*:*") for action in self.actions)

    @property
    def public_principal(self) -> bool:
        return "*" in self.principals and not self.restricted

    def summary(self) -> str:
        action = ("NotAction " if self.not_action else "") + ",".join(self.actions)
        resource = ("NotResource " if self.not_resource else "") + ",".join(self.resources)
        where = f" on {resource}" if resource else ""
        who = f" for {','.join(self.principals)}" if self.principals else ""
        return f"{self.effect} {action}{where}{who}"


class PolicyUnreadable(ValueError):
    pass


def strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(item for item in value if isinstance(item, str))
    return ()


def principals(value: Any) -> tuple[str, ...]:
    if value == "*":
        return ("*",)
    if not isinstance(value, dict):
        return ()
    found: list[str] = []
    for kind, names in value.items():
        for name in strings(names):
            found.append("*" if name == "*" and kind == "AWS" else f"{kind}:{name}")
    return tuple(found)


def parse_policy(text: Any) -> list[Statement]:
    """The statements of a policy given as a JSON string (or already decoded). Raises PolicyUnreadable."""
    if isinstance(text, str):
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise PolicyUnreadable(f"not JSON: {error.msg}") from None
    else:
        document = text
    if not isinstance(document, dict):
        raise PolicyUnreadable("not a policy document")
    raw = document.get("Statement", [])
    raw_statements = [raw] if isinstance(raw, dict) else raw
    if not isinstance(raw_statements, list):
        raise PolicyUnreadable("Statement is neither an object nor a list")
    statements = []
    for item in raw_statements:
        if not isinstance(item, dict):
            continue
        condition = item.get("Condition") or {}
        condition_keys = {
            key.lower() for operator in condition.values() if isinstance(operator, dict) for key in operator
        }
        statements.append(
            Statement(
                effect=str(item.get("Effect", "")),
                actions=strings(item.get("NotAction", item.get("Action"))),
                not_action="NotAction" in item,
                resources=strings(item.get("NotResource", item.get("Resource"))),
                not_resource="NotResource" in item,
                principals=principals(item.get("Principal")) + (("NOT:*",) if "NotPrincipal" in item else ()),
                restricted=bool(condition_keys & RESTRICTING_CONDITION_KEYS),
            )
        )
    return statements


def allowing(statements: Iterable[Statement]) -> list[Statement]:
    return [statement for statement in statements if statement.allows]


def all_actions(statements: Iterable[Statement]) -> list[Statement]:
    """Allow statements that grant every action (`*`, or NotAction: everything but a list)."""
    return [s for s in allowing(statements) if s.every_action]


def pass_role_anywhere(statements: Iterable[Statement]) -> list[Statement]:
    """Allow statements that let the holder pass any role (`iam:PassRole` on `*`): a way to every role's rights."""
    return [s for s in allowing(statements) if s.covers_action("iam:PassRole") and s.every_resource]


def public(statements: Iterable[Statement]) -> list[Statement]:
    """Allow statements whose principal is everyone, with no condition narrowing it."""
    return [s for s in allowing(statements) if s.public_principal or "NOT:*" in s.principals]


def actions_on_every_resource(statements: Iterable[Statement]) -> set[str]:
    """The actions (as written) that Allow statements grant on `*`."""
    return {action for s in allowing(statements) if s.every_resource and not s.not_action for action in s.actions}


def newly_on_every_resource(before: list[Statement], after: list[Statement]) -> list[str]:
    """Actions the new policy grants on every resource that the old one did not (an action the old policy granted
    on `*` through a pattern, such as `s3:Get*`, counts as already granted)."""
    old = [s for s in allowing(before) if s.every_resource]
    new = sorted(actions_on_every_resource(after))
    return [action for action in new if not any(s.covers_action(action) for s in old)]
