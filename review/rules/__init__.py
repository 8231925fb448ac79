"""The review's rules, one file per concern, each rule registered for the Terraform resource types it judges.

    from review.rules import REGISTRY
    REGISTRY.rules_for("aws_db_instance")   # the rules the engine (review/findings.py) runs on such a change

A new rule goes into its concern's file with `@rule("aws_some_type", ...)` (review/rules/registry.py); a new concern
needs a name in review/rules/core.py's CONCERNS and an import here.
"""

from review.rules import data_loss, encryption, exposure, monitoring, privilege, protection, retention
from review.rules.registry import REGISTRY

CONCERN_MODULES = (data_loss, protection, exposure, privilege, encryption, retention, monitoring)

__all__ = ["CONCERN_MODULES", "REGISTRY"]
