"""The RDS instance classes and ElastiCache node types we know: one table of families and their sizes, read by the
props validation (`modules/postgres`, `modules/redis`) and by the plan review's price check. No cdktf import, and
nothing here imports `environments/` or `review/`.

    from modules.instance_classes import RDS, check_instance_class

    check_instance_class("instance_class", "db.r6g.large", RDS)     # passes
    check_instance_class("instance_class", "db.t3.gigantic", RDS)   # InvalidSetting naming db.t3.large
    check_instance_class("instance_class", "db.t3.8xlarge", RDS)    # UnlistedInstanceClass warning, then passes

A class is `<prefix>.<family>.<size>`. Three verdicts:
- known: the family is in the table and lists the size;
- unlisted: the family is known and the size is well formed (`4xlarge`, `metal`) but not listed here yet. AWS adds
  sizes to existing families now and then, so this warns (naming the closest listed class) instead of refusing;
- refused: anything else (an unknown family, a size that no family has such as `gigantic`, the wrong prefix).
  AWS would refuse it only at apply, after the plan was reviewed.

Sources: the AWS RDS User Guide, "Supported DB engines for DB instance classes" (PostgreSQL column), and the
ElastiCache API reference, `CacheNode` (current-generation node types), as of 2026-11. Previous-generation families
that AWS still runs but no longer creates (ElastiCache m1-m3, t1, c1, r3) are left out: a new cluster cannot use
them. To add a family or a size, edit the tuple below; `tests/unit/test_instance_classes.py` checks the table's
shape and that every class `review/prices.json` prices is in it.
"""

from __future__ import annotations

import difflib
import re
import warnings
from dataclasses import dataclass
from typing import Literal

from modules.validation import InvalidSetting, is_token

SIZE_PATTERN = r"nano|micro|small|medium|large|xlarge|[1-9]\d?xlarge|metal(-\d+xl)?"
"""Every size word AWS uses for instance sizes; a size outside it (`gigantic`, `xxl`) is no size at all."""
FAMILY_PATTERN = r"[a-z]+\d+[a-z]*(-flex)?"
"""A family name: letters for the kind, the generation, attribute letters (`g` Graviton, `d` local NVMe, `n`
network, `i` Intel, `e` extra memory): `t4g`, `r6gd`, `m6idn`, `c7gn`."""

_BURSTABLE = ("micro", "small", "medium", "large", "xlarge", "2xlarge")
_TO_16XL = ("large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge")
_TO_24XL = (*_TO_16XL, "24xlarge")
_TO_32XL = (*_TO_24XL, "32xlarge")
_TO_48XL = (*_TO_24XL, "48xlarge")


@dataclass(frozen=True, kw_only=True)
class ClassTable:
    """The families and sizes of one service's instance classes."""

    service: str
    """What the class sizes, for messages: `RDS instance class`, `ElastiCache node type`."""
    prefix: str
    """The first part of every class: `db`, `cache`."""
    families: dict[str, tuple[str, ...]]
    """Family -> its sizes, smallest first."""
    example: str

    def classes(self) -> list[str]:
        """Every class the table lists, `<prefix>.<family>.<size>`."""
        return [f"{self.prefix}.{family}.{size}" for family, sizes in self.families.items() for size in sizes]


RDS = ClassTable(
    service="RDS instance class",
    prefix="db",
    example="db.t4g.micro",
    families={
        # Burstable: cheap, for small and test databases (CPU credits).
        "t3": _BURSTABLE,
        "t4g": _BURSTABLE,
        "t2": _BURSTABLE,  # previous generation; PostgreSQL 13 and later refuse it at apply
        # General purpose.
        "m5": _TO_24XL,
        "m5d": _TO_24XL,
        "m6g": _TO_16XL,
        "m6gd": _TO_16XL,
        "m6i": _TO_32XL,
        "m6id": _TO_32XL,
        "m6in": _TO_32XL,
        "m6idn": _TO_32XL,
        "m7g": _TO_16XL,
        "m7i": _TO_48XL,
        "m8g": _TO_48XL,
        "m4": ("large", "xlarge", "2xlarge", "4xlarge", "10xlarge", "16xlarge"),  # previous generation
        # Memory optimized.
        "r5": _TO_24XL,
        "r5b": _TO_24XL,
        "r5d": _TO_24XL,
        "r6g": _TO_16XL,
        "r6gd": _TO_16XL[1:],
        "r6i": _TO_32XL,
        "r6id": _TO_32XL,
        "r6in": _TO_32XL,
        "r6idn": _TO_32XL,
        "r7g": _TO_16XL,
        "r7i": _TO_48XL,
        "r8g": _TO_48XL,
        "r4": ("large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "16xlarge"),  # previous generation
        "x2g": _TO_16XL,
        "x2idn": ("16xlarge", "24xlarge", "32xlarge"),
        "x2iedn": ("xlarge", "2xlarge", "4xlarge", "8xlarge", "16xlarge", "24xlarge", "32xlarge"),
        "z1d": ("large", "xlarge", "2xlarge", "3xlarge", "6xlarge", "12xlarge"),
    },
)
"""RDS DB instance classes (PostgreSQL and MySQL run on the same classes)."""

ELASTICACHE = ClassTable(
    service="ElastiCache node type",
    prefix="cache",
    example="cache.t4g.micro",
    families={
        "t2": ("micro", "small", "medium"),
        "t3": ("micro", "small", "medium"),
        "t4g": ("micro", "small", "medium"),
        "m4": ("large", "xlarge", "2xlarge", "4xlarge", "10xlarge"),
        "m5": ("large", "xlarge", "2xlarge", "4xlarge", "12xlarge", "24xlarge"),
        "m6g": _TO_16XL,
        "m7g": _TO_16XL,
        "r4": ("large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "16xlarge"),
        "r5": ("large", "xlarge", "2xlarge", "4xlarge", "12xlarge", "24xlarge"),
        "r6g": _TO_16XL,
        "r6gd": _TO_16XL[1:],  # data tiering (memory plus local SSD)
        "r7g": _TO_16XL,
        "c7gn": _TO_16XL,  # network optimized
    },
)
"""ElastiCache node types (Redis OSS, Valkey and Memcached run on the same types)."""


@dataclass(frozen=True, kw_only=True)
class Verdict:
    """What the table says about one class."""

    status: Literal["known", "unlisted", "refused"]
    closest: str | None
    """The closest class the table lists (None for a known class)."""
    problem: str
    """Why it is unlisted or refused ("" for a known class)."""


def classify(value: str, table: ClassTable) -> Verdict:
    """The table's verdict on `value` (a plain string, not a token)."""
    if value != value.lower():
        return Verdict(
            status="refused",
            closest=_closest_class(value, table),
            problem=f"it has upper-case letters; {table.service} names are lowercase",
        )
    prefix, _, rest = value.partition(".")
    family, _, size = rest.partition(".")
    if prefix != table.prefix or not family or not size or "." in size:
        return Verdict(
            status="refused",
            closest=_closest_class(value, table),
            problem=f"not an {table.service}: those are {table.prefix}.<family>.<size>, such as {table.example}",
        )
    if family not in table.families:
        what = (
            f"no {table.service} family is called {table.prefix}.{family}"
            if re.fullmatch(FAMILY_PATTERN, family)
            else f"{family!r} is not an instance family name"
        )
        return Verdict(
            status="refused",
            closest=_closest_class(value, table),
            problem=f"{what} (the families are {', '.join(table.families)})",
        )
    sizes = table.families[family]
    if size in sizes:
        return Verdict(status="known", closest=None, problem="")
    closest = f"{table.prefix}.{family}.{_closest(size, sizes)}"
    if re.fullmatch(SIZE_PATTERN, size):
        return Verdict(
            status="unlisted",
            closest=closest,
            problem=f"{table.prefix}.{family} is a known family, but its size {size!r} is not listed in "
            f"modules/instance_classes.py (listed: {', '.join(sizes)})",
        )
    return Verdict(
        status="refused",
        closest=closest,
        problem=f"{size!r} is not an instance size ({table.prefix}.{family} has {', '.join(sizes)})",
    )


class UnlistedInstanceClass(UserWarning):
    """A well-formed class of a known family whose size the table does not list yet: AWS may still refuse it."""


def check_instance_class(setting: str, value: str, table: ClassTable) -> None:
    """Raise `InvalidSetting` for a class the table refuses; warn (`UnlistedInstanceClass`) for an unlisted size
    of a known family. Tokens (a module's `var.instance_class`) are skipped: Terraform knows them only later."""
    if is_token(value) or not isinstance(value, str):
        return
    verdict = classify(value, table)
    if verdict.status == "refused":
        raise InvalidSetting(
            setting=setting,
            value=value,
            problem=verdict.problem,
            fix=f"use a listed {table.service} such as {verdict.closest!r} (the closest)",
        )
    if verdict.status == "unlisted":
        warnings.warn(
            f"{setting}={value!r}: {verdict.problem}; the closest listed class is {verdict.closest!r}. AWS refuses "
            "a size the family does not have only at apply: check it, and add it to the table if AWS lists it.",
            UnlistedInstanceClass,
            stacklevel=2,
        )


def _closest(word: str, choices: tuple[str, ...] | list[str]) -> str:
    return (difflib.get_close_matches(word, choices, n=1, cutoff=0.0) or [choices[0]])[0]


def _closest_class(value: str, table: ClassTable) -> str:
    """The listed class nearest to `value`: its family's nearest size when the family is close to a known one."""
    parts = value.lower().split(".")
    family, size = (parts[1], parts[2]) if len(parts) >= 3 else (parts[-1], "")
    if len(parts) == 2 and parts[0] != table.prefix:  # `t3.micro`: the prefix is missing
        family, size = parts
    near = difflib.get_close_matches(family, list(table.families), n=1, cutoff=0.5)
    if near:
        sizes = table.families[near[0]]
        return f"{table.prefix}.{near[0]}.{size if size in sizes else _closest(size or sizes[0], sizes)}"
    return _closest(value.lower(), table.classes())
