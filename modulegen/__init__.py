"""Terraform modules generated from our constructs, for plain HCL projects.

    module "database" {
      source     = "git::https://github.com/<org>/<repo>.git//modules/postgres/terraform?ref=<tag>"
      name       = "billing-prod"
      vpc_id     = module.network.vpc_id
      subnet_ids = module.network.private_subnet_ids
    }

Each file of `modulegen/definitions/` defines one module (`MODULE`, listed in `MODULES` there): which props become
Terraform variables (type, default and description from the props dataclass, so the Python default and the module
default are one value, see `modulegen/variables.py`; `validation` blocks from the rules declared beside the fields,
`modules/rules.py`), which choices stay fixed and why, and the outputs. A whole options section
(`EcsAppOptions.database`) becomes one object variable whose attributes are optional with the Python defaults.
`python -m modulegen` (`make modules`) synthesizes each one with the same construct the stacks use and writes
`modules/<name>/terraform/`:

    versions.tf    required Terraform and provider versions (a range: a module never pins its caller)
    variables.tf   every input, typed, described and validated; `tags` on every module
    main.tf        the resources, addressed as in any HCL module (`aws_db_instance.this`)
    outputs.tf     every output, described
    README.md      usage, fixed choices, and the reference in the terraform-docs layout

The constructs take a variable's reference where a stack passes a plain value (`modules/tokens.py`): a choice
that adds or removes parts (zones, NAT per zone, HTTPS, flow logs, an email subscription) becomes a `count`, and
only when it is a reference, so the stacks' output does not change. `tags` is merged into every resource that has
tags. The synthesized JSON is written as HCL by `modulegen/hcl.py` (which keys are nested blocks comes from the
provider schema, `terraform providers schema -json`) and formatted by `terraform fmt`: cdktf's own HCL renderer
leaves every `"${...}"` in place and writes invalid HCL for policies that hold references (quotes unescaped).
A module never configures a provider or a backend; the caller's do.
"""

# Layout: `definitions/` (one file per module: inputs, outputs, docs), `stack.py` (the stack a definition builds),
# `variables.py` (props fields -> variables), `generate.py` (build and synthesize), `files.py` (JSON -> module
# files), `hcl.py` (JSON -> HCL), `readme.py`, `__main__.py` (the CLI). Nothing here is imported by `modules/`.
