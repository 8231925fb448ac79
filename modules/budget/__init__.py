"""A monthly AWS Budgets cost budget for the resources of one environment (those tagged `<tag_key>=<tag_value>`),
that notifies an SNS topic at 80 % of the amount forecast and at 100 % actually spent.

    from modules.budget.construct import Budget
    from modules.budget.props import BudgetProps

    Budget(self, "budget", BudgetProps(name="mc-dev", amount_usd=90, tag_key="Environment", tag_value="dev",
                                       topic_arn=alarms.topic.arn))

The tag filter only sees costs once the tag key is activated as a cost allocation tag (Billing and Cost Management
-> Cost allocation tags -> user-defined: `Environment` -> Activate, in the payer account); AWS applies it to costs
from then on, after up to 24 hours. Until then the budget counts nothing and never notifies.

The topic gets a policy that lets AWS Budgets (and, as before, CloudWatch alarms and the account) publish; a topic
encrypted with a customer-managed key also needs the key to let Budgets use it (`KmsKey.grant_topic_publishing`).
"""
