"""String helpers that also work when the value is a Terraform token (a construct used as an HCL module gets
`var.x` references as props): Python slicing or `str()` of a token would corrupt it, Terraform's functions do not.

    name_prefix=f"{truncated(props.name, 20)}-flow-logs-"
    family=f"postgres{as_text(props.engine_major_version)}"
"""

from __future__ import annotations

from cdktf import Fn, Op, Token

from modules.validation import is_token


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
    if is_token(count):
        # `>= 1`, not `> 0`: cdktf 0.21 renders a literal 0 operand of `Op` as `undefined`.
        return Token.as_string(Fn.conditional(Op.gte(count, 1), value, Token.null_value()))
    return value if count >= 1 else None
