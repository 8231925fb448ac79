"""Props of `Budget`. No cdktf import."""

from __future__ import annotations

from dataclasses import dataclass

from modules.options import Props
from modules.validation import check_pattern, check_range, require


@dataclass(frozen=True, kw_only=True)
class BudgetProps(Props):
    """The amount, which costs count (by tag), and whom to tell."""

    name: str
    """The budget is `<name>-monthly`."""
    amount_usd: int
    """Monthly amount in US dollars."""
    tag_key: str
    """Only costs of resources tagged `<tag_key>=<tag_value>` count (the stacks tag every resource `Environment`)."""
    tag_value: str
    """The tag's value: the environment's name."""
    topic_arn: str
    """SNS topic notified (the environment's alarm topic)."""
    forecast_percent: int = 80
    """Notify when the month's forecast cost passes this share of the amount."""
    actual_percent: int = 100
    """Notify when the month's actual cost passes this share of the amount."""

    def validate(self) -> None:
        check_pattern("name", self.name, r"[A-Za-z0-9_.-]{1,92}", meaning="a budget name prefix", example="mc-dev")
        check_range("amount_usd", self.amount_usd, 1, 10_000_000)
        tag = r"[A-Za-z0-9 _.:/=+@-]"
        check_pattern("tag_key", self.tag_key, tag + "{1,128}", meaning="a tag key", example="Environment")
        check_pattern("tag_value", self.tag_value, tag + "{1,256}", meaning="a tag value", example="dev")
        check_range("forecast_percent", self.forecast_percent, 1, 1000)
        check_range("actual_percent", self.actual_percent, 1, 1000)
        require(
            self.tag_key.startswith("aws:") is False,
            setting="tag_key",
            value=self.tag_key,
            problem="a budget filters on user-defined cost allocation tags; `aws:` tags are AWS's own",
            fix="use the tag key the stack applies, such as Environment",
        )

    @property
    def cost_filter_value(self) -> str:
        """AWS Budgets' `TagKeyValue` filter: `user:<key>$<value>` for a user-defined cost allocation tag."""
        return f"user:{self.tag_key}${self.tag_value}"
