"""The `Budget` construct; see the package docstring."""

from __future__ import annotations

import json

from cdktf_cdktf_provider_aws.budgets_budget import BudgetsBudget, BudgetsBudgetCostFilter, BudgetsBudgetNotification
from cdktf_cdktf_provider_aws.data_aws_caller_identity import DataAwsCallerIdentity
from cdktf_cdktf_provider_aws.data_aws_partition import DataAwsPartition
from cdktf_cdktf_provider_aws.data_aws_region import DataAwsRegion
from cdktf_cdktf_provider_aws.sns_topic_policy import SnsTopicPolicy
from constructs import Construct

from modules.budget.props import BudgetProps

OWNER_ACTIONS = [
    "SNS:GetTopicAttributes",
    "SNS:SetTopicAttributes",
    "SNS:AddPermission",
    "SNS:RemovePermission",
    "SNS:DeleteTopic",
    "SNS:Subscribe",
    "SNS:ListSubscriptionsByTopic",
    "SNS:Publish",
]
"""What SNS's default topic policy lets the owning account do: a topic policy replaces the default one."""


class Budget(Construct):
    """`account_id` and `partition` (read by data sources) serve the key grant the topic's encryption needs."""

    budget: BudgetsBudget
    topic_policy: SnsTopicPolicy
    account_id: str
    partition: str

    def __init__(self, scope: Construct, id: str, props: BudgetProps) -> None:
        super().__init__(scope, id)
        self.account_id = account = DataAwsCallerIdentity(self, "account").account_id
        self.partition = partition = DataAwsPartition(self, "partition").partition
        region = DataAwsRegion(self, "region").name

        def notification(kind: str, percent: int) -> BudgetsBudgetNotification:
            return BudgetsBudgetNotification(
                notification_type=kind,
                comparison_operator="GREATER_THAN",
                threshold=percent,
                threshold_type="PERCENTAGE",
                subscriber_sns_topic_arns=[props.topic_arn],
            )

        self.budget = BudgetsBudget(
            self,
            "this",
            name=f"{props.name}-monthly",
            budget_type="COST",
            limit_amount=str(props.amount_usd),
            limit_unit="USD",
            time_unit="MONTHLY",
            cost_filter=[BudgetsBudgetCostFilter(name="TagKeyValue", values=[props.cost_filter_value])],
            notification=[
                notification("FORECASTED", props.forecast_percent),
                notification("ACTUAL", props.actual_percent),
            ],
        )
        # The topic's default policy lets only the account's own principals publish; Budgets is a service principal.
        statements = [
            {
                "Sid": "AccountManages",
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:{partition}:iam::{account}:root"},
                "Action": OWNER_ACTIONS,
                "Resource": props.topic_arn,
            },
            {
                "Sid": "CloudWatchAlarmsPublish",
                "Effect": "Allow",
                "Principal": {"Service": "cloudwatch.amazonaws.com"},
                "Action": "SNS:Publish",
                "Resource": props.topic_arn,
                "Condition": {
                    "StringEquals": {"aws:SourceAccount": account},
                    "ArnLike": {"aws:SourceArn": f"arn:{partition}:cloudwatch:{region}:{account}:alarm:*"},
                },
            },
            {
                "Sid": "BudgetsPublish",
                "Effect": "Allow",
                "Principal": {"Service": "budgets.amazonaws.com"},
                "Action": "SNS:Publish",
                "Resource": props.topic_arn,
                "Condition": {
                    "StringEquals": {"aws:SourceAccount": account},
                    "ArnLike": {"aws:SourceArn": f"arn:{partition}:budgets::{account}:*"},
                },
            },
        ]
        self.topic_policy = SnsTopicPolicy(
            self,
            "topic_policy",
            arn=props.topic_arn,
            policy=json.dumps({"Version": "2012-10-17", "Statement": statements}),
        )
