"""Review saved Terraform plans before they are applied: what they put at risk and what they cost.

    terraform plan -out plan.tfplan && terraform show -json plan.tfplan > plan.json
    python -m review plan.json                       # Markdown for a PR comment or CI job summary; exit 1 on high
    python -m review --format json --fail-on medium --allow aws_db_instance.database plan.json

The JSON has, per plan: `summary`, `findings`, `database_changes` (the databases the plan replaces, deletes or
updates beyond tags: what a deploy snapshots first, review/snapshots.py), `not_judged` and `cost`.

Pure Python (standard library only): no cdktf, no jsii, no AWS calls. Prices come from `review/prices.json`
(us-east-1 on-demand list prices, each with its source and the date it was set).
"""
