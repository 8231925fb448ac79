"""Helpers that also work when a value is a Terraform token (a construct used as an HCL module gets `var.x`
references as props): Python slicing, `str()`, arithmetic or `if` on a token would corrupt it or decide at synth
time what only Terraform knows; these leave it to Terraform's functions.

    name_prefix=f"{truncated(props.name, 20)}-flow-logs-"
    family=f"postgres{as_text(props.engine_major_version)}"

A part that an option switches on (flow logs, an email subscription, HTTPS) is built as in Python when the option
is a plain value, so the stacks' output does not change; when the option is a token it is built once with a
Terraform `count` (0 or 1), and references to it go through `attribute`:

    if present(props.enable_flow_logs):                        # plain: the flag; token: always build it...
        group = CloudwatchLogGroup(self, "flow_log_group", count=count_for(props.enable_flow_logs), ...)
        arn = attribute(group, "arn")                          # ...counted: `aws_cloudwatch_log_group.x[0].arn`

Conditions (`is_set`, `is_positive`, `equals`) are Python bools for plain values and Terraform expressions for
tokens; `choose(condition, a, b)` picks in Python or writes a conditional.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

from cdktf import Fn, Op, TerraformCount, TerraformDataSource, TerraformIterator, TerraformResource, Token

from modules.validation import is_token

_MAY_BE_NULL: set[str] = set()
"""Tokens (as text) of module inputs whose default is null: only they can be unset at plan time. A resource
attribute is a token too (`aws_kms_key.key.arn`), and always set."""


def may_be_null(value: Any) -> Any:
    """Mark a module input's reference as one that may be null; returns it unchanged."""
    _MAY_BE_NULL.add(Token.as_string(value) if not isinstance(value, str) else value)
    return value


def is_unresolved(value: Any) -> bool:
    """True when `value` is, or contains, a token: strings, numbers and lists (see `is_token`), and the objects
    cdktf gives for boolean and map references and for Terraform expressions."""
    if value is None or isinstance(value, (bool, int, str)):
        return is_token(value)
    if isinstance(value, float):
        return is_token(value)
    if isinstance(value, Mapping):
        return any(is_unresolved(key) or is_unresolved(item) for key, item in value.items())
    if isinstance(value, Sequence):
        return any(is_unresolved(item) for item in value)
    return bool(Token.is_unresolved(value))


# --- text ----------------------------------------------------------------------------------------------------------


def truncated(value: str, length: int) -> str:
    """The first `length` characters of `value`."""
    if is_token(value):
        return Fn.substr(value, 0, length)
    return value[:length]


def as_text(value: int | float | str) -> str:
    """`value` as a string: `str()` for a plain number, a string reference for a number token."""
    if is_token(value):
        return Token.as_string(value)
    return str(value)


def if_positive(count: float, value: str) -> str | None:
    """`value` when the whole number `count` is at least 1, else None (the argument is left out). For a number
    token, Terraform decides: `count >= 1 ? value : null`."""
    chosen: str | None = choose(is_positive(count), value, None)
    return chosen


def times(value: float, factor: float) -> float:
    """`value * factor`, by Terraform when `value` is a token."""
    if is_token(value):
        return Token.as_number(Op.mul(value, factor))
    return value * factor


# --- conditions ----------------------------------------------------------------------------------------------------


def is_set(value: Any) -> Any:
    """Whether an optional value is given: `value is not None` for a plain value; for a module input that may be
    null, the Terraform expression `value != null`. Any other token (a resource attribute) is set."""
    if value is None:
        return False
    text = value if isinstance(value, str) else None
    if text is not None and text in _MAY_BE_NULL:
        return Op.neq(value, Token.null_value())
    return True


def is_positive(count: float) -> Any:
    """`count >= 1`, in Python or (for a token) in Terraform. `>= 1`, not `> 0`: cdktf 0.21 renders a literal 0
    operand of `Op` as `undefined`."""
    if is_token(count):
        return Op.gte(count, 1)
    return count >= 1


def equals(value: Any, literal: str | float) -> Any:
    """`value == literal`, in Python or (for a token) in Terraform."""
    if is_unresolved(value):
        return Op.eq(value, literal)
    return value == literal


def choose(condition: Any, if_true: Any, if_false: Any) -> Any:
    """`if_true` or `if_false`: chosen in Python for a plain condition, by a Terraform conditional for a token
    (a None branch becomes `null`)."""
    if not is_unresolved(condition):
        return if_true if condition else if_false
    expression = Fn.conditional(
        condition,
        Token.null_value() if if_true is None else if_true,
        Token.null_value() if if_false is None else if_false,
    )
    # Typed like its branches, so it fits the argument they fit (cdktf checks a string argument gets a string).
    kinds = {type(branch) for branch in (if_true, if_false) if branch is not None}
    if kinds == {str}:
        return Token.as_string(expression)
    if kinds and kinds <= {int, float} and bool not in kinds:
        return Token.as_number(expression)
    if kinds == {list}:
        return Token.as_list(expression)
    return expression


# --- optional parts ------------------------------------------------------------------------------------------------


def present(condition: Any) -> bool:
    """Whether to build a part that exists when `condition` holds: the condition itself when plain; always for a
    token (the part is then built with `count=count_for(condition)`)."""
    if is_unresolved(condition):
        return True
    return bool(condition)


def count_for(condition: Any) -> float | None:
    """The `count` of a part built because `present(condition)`: None (no count argument) when the condition is
    plain, `condition ? 1 : 0` when it is a token."""
    if not is_unresolved(condition):
        return None
    return Token.as_number(Fn.conditional(condition, 1, 0))


def counted(count: float) -> TerraformCount:
    """A `count` for a resource repeated `count` times, whose `.index` is `count.index`."""
    return TerraformCount.of(count)


def address(resource: TerraformResource) -> str:
    """`aws_x.name`: the resource's address inside its stack or module (for `depends_on`)."""
    return f"{resource.terraform_resource_type}.{resource.friendly_unique_id}"


def attribute(resource: TerraformResource | TerraformDataSource, name: str) -> Any:
    """`resource.<name>`, also when the resource has a `count`: then the first instance's, or null when there is
    none (`one(resource[*].name)`), which is how one optional part refers to another switched by the same
    condition."""
    if resource.count is None:
        return getattr(resource, name)
    return Token.as_string(Fn.one(each_attribute(resource, name)))


def each_attribute(resource: TerraformResource | TerraformDataSource, name: str) -> list[str]:
    """`resource[*].<name>`: the attribute of every instance of a counted resource, as a list."""
    return Token.as_list(Fn.lookup_nested(resource.fqn, ["*", name]))


def indexed_attribute(resource: TerraformResource | TerraformDataSource, name: str) -> str:
    """`resource[count.index].<name>`: inside a resource counted like `resource`, the matching instance's
    attribute."""
    return Token.as_string(Fn.lookup_nested(resource.fqn, [TerraformCount.of(1).index, name]))


# --- documents -----------------------------------------------------------------------------------------------------


def _is_plain_json(value: Any) -> bool:
    """Whether `json.dumps` writes `value` correctly: string tokens are fine inside a JSON string (Terraform
    interpolates them), number, list, map and expression tokens are not."""
    if value is None or isinstance(value, (str, bool, int)):
        return True
    if isinstance(value, float):
        return not is_token(value) and math.isfinite(value)
    if isinstance(value, Mapping):
        return all(_is_plain_json(key) and not is_token(key) and _is_plain_json(item) for key, item in value.items())
    if isinstance(value, Sequence):
        return not any(isinstance(item, str) and item.startswith("#{TfToken[") for item in value) and all(
            _is_plain_json(item) for item in value
        )
    return False


def json_document(value: Any) -> str:
    """`json.dumps(value)` when that is exact; Terraform's `jsonencode(...)` when `value` holds a number, list, map
    or expression token (which `json.dumps` would write as a float or a placeholder)."""
    if _is_plain_json(value):
        return json.dumps(value)
    return Fn.jsonencode(value)


def optional_items(condition: Any, items: list[Any]) -> Any:
    """`items` when `condition` holds, else nothing, to join with `joined`: a list in Python, a conditional list
    in Terraform."""
    return choose(condition, items, [])


def joined(*parts: Any) -> Any:
    """The lists `parts` one after the other: in Python when all are plain lists, else Terraform's `concat`."""
    if all(isinstance(part, list) and not is_unresolved_list(part) for part in parts):
        return [item for part in parts for item in part]
    return Token.as_any(Fn.concat(list(parts)))


def is_unresolved_list(value: list[Any]) -> bool:
    """A whole-list token (cdktf writes it as one `#{TfToken[...]}` entry)."""
    return any(isinstance(item, str) and item.startswith("#{TfToken[") for item in value)


def named_entries(mapping: Mapping[str, str], value_key: str) -> Any:
    """`[{"name": key, value_key: value}, ...]` sorted by name (an ECS container's `environment` and `secrets`):
    in Python for a plain mapping, a Terraform `for` expression (which also goes through the keys in order) for a
    map token."""
    if not any(is_token(key) for key in mapping):
        return [{"name": name, value_key: value} for name, value in sorted(mapping.items())]
    return TerraformIterator.from_map(mapping).for_expression_for_list(f"{{ name = key, {value_key} = val }}")


def sorted_values(mapping: Mapping[str, str]) -> Any:
    """The values of `mapping` sorted by key: a list for a plain mapping, Terraform's `values()` for a map token."""
    if not any(is_token(key) for key in mapping):
        return [value for _, value in sorted(mapping.items())]
    return Fn.values(mapping)


def is_nonempty(mapping: Mapping[str, str]) -> Any:
    """`len(mapping) > 0`, in Python or (for a map token) in Terraform."""
    if not any(is_token(key) for key in mapping):
        return len(mapping) > 0
    return Op.gte(Fn.length_of(mapping), 1)
