"""The AWS regions a setting may name. No cdktf import.

    from modules.regions import check_known_region

    check_known_region("region", "eu-central-1")   # passes
    check_known_region("region", "us-east-9")      # InvalidSetting: not an AWS region. Fix: did you mean 'us-east-2'
                                                   # (US East (Ohio)) or 'us-east-1' (US East (N. Virginia))? ...

Why a list: a region name that merely looks right (`us-east-9`) is refused by Terraform only at plan time, and only
the plan of that one stack. Offline, before any plan, a list is the only check there is. It goes stale when AWS
opens a region; two things make that visible instead of silent:

- `tests/unit/test_regions.py` compares `REGIONS` with the region list of the pinned botocore (a dev requirement,
  read offline): upgrading botocore after AWS opens a region makes that test fail and name the region.
- A region AWS has but the pinned provider (hashicorp/aws 5.100.0) does not know is listed in
  `REGIONS_UNKNOWN_TO_PROVIDER`: that provider refuses it at plan time ("invalid AWS Region", checked with
  `terraform plan` on a `data "aws_region"`, with test credentials, offline), so we refuse it first and say why.

To add a region: one line in `REGIONS` (`"xx-yyyy-1": "Description",` in its partition's block); if the pinned
provider does not know it yet, also add it to `REGIONS_UNKNOWN_TO_PROVIDER`, and remove it from there when the
provider is upgraded.
"""

from __future__ import annotations

import difflib

from modules.validation import InvalidSetting, is_token

REGIONS: dict[str, str] = {
    # aws (commercial), as of 2026 (botocore 1.44.8)
    "af-south-1": "Africa (Cape Town)",
    "ap-east-1": "Asia Pacific (Hong Kong)",
    "ap-east-2": "Asia Pacific (Taipei)",
    "ap-northeast-1": "Asia Pacific (Tokyo)",
    "ap-northeast-2": "Asia Pacific (Seoul)",
    "ap-northeast-3": "Asia Pacific (Osaka)",
    "ap-south-1": "Asia Pacific (Mumbai)",
    "ap-south-2": "Asia Pacific (Hyderabad)",
    "ap-southeast-1": "Asia Pacific (Singapore)",
    "ap-southeast-2": "Asia Pacific (Sydney)",
    "ap-southeast-3": "Asia Pacific (Jakarta)",
    "ap-southeast-4": "Asia Pacific (Melbourne)",
    "ap-southeast-5": "Asia Pacific (Malaysia)",
    "ap-southeast-6": "Asia Pacific (New Zealand)",
    "ap-southeast-7": "Asia Pacific (Thailand)",
    "ca-central-1": "Canada (Central)",
    "ca-west-1": "Canada West (Calgary)",
    "eu-central-1": "Europe (Frankfurt)",
    "eu-central-2": "Europe (Zurich)",
    "eu-north-1": "Europe (Stockholm)",
    "eu-south-1": "Europe (Milan)",
    "eu-south-2": "Europe (Spain)",
    "eu-west-1": "Europe (Ireland)",
    "eu-west-2": "Europe (London)",
    "eu-west-3": "Europe (Paris)",
    "il-central-1": "Israel (Tel Aviv)",
    "me-central-1": "Middle East (UAE)",
    "me-south-1": "Middle East (Bahrain)",
    "me-west-1": "Middle East (Saudi Arabia)",
    "mx-central-1": "Mexico (Central)",
    "sa-east-1": "South America (Sao Paulo)",
    "sa-west-1": "South America (Chile)",
    "us-east-1": "US East (N. Virginia)",
    "us-east-2": "US East (Ohio)",
    "us-west-1": "US West (N. California)",
    "us-west-2": "US West (Oregon)",
    # aws-us-gov (GovCloud)
    "us-gov-east-1": "AWS GovCloud (US-East)",
    "us-gov-west-1": "AWS GovCloud (US-West)",
    # aws-cn (China)
    "cn-north-1": "China (Beijing)",
    "cn-northwest-1": "China (Ningxia)",
    # aws-eusc (European Sovereign Cloud)
    "eusc-de-east-1": "AWS European Sovereign Cloud (Germany)",
}
"""Region code -> AWS's description. The isolated partitions (us-iso-*, us-isob-*, ...) are left out: whoever
deploys there adds their region here."""

REGIONS_UNKNOWN_TO_PROVIDER: frozenset[str] = frozenset({"ap-southeast-6", "me-west-1", "sa-west-1"})
"""Regions AWS has that the pinned hashicorp/aws 5.100.0 refuses at plan ("invalid AWS Region")."""

PROVIDER = "hashicorp/aws 5.100.0"


def closest_regions(value: str, count: int = 2) -> list[str]:
    """The known regions nearest to `value` in spelling, best first."""
    return difflib.get_close_matches(value.strip().lower(), REGIONS, n=count, cutoff=0.6)


def check_known_region(setting: str, value: str) -> None:
    """Raise `InvalidSetting` unless `value` is a region in `REGIONS` that the pinned provider accepts. Tokens are
    skipped.

    Example message: `region='us-east-9': not an AWS region. Fix: did you mean 'us-east-2' (US East (Ohio)) or
    'us-east-1' (US East (N. Virginia))? A region that opened after this list was written is added with one line in
    modules/regions.py.`
    """
    if is_token(value):
        return
    if not isinstance(value, str):
        raise InvalidSetting(
            setting=setting,
            value=value,
            problem=f"expected an AWS region name (a str), got {type(value).__name__}",
            fix="write the region as quoted text, e.g. 'us-east-1'",
        )
    if value in REGIONS_UNKNOWN_TO_PROVIDER:
        raise InvalidSetting(
            setting=setting,
            value=value,
            problem=f"AWS has this region ({REGIONS[value]}), but the pinned Terraform provider {PROVIDER} does not "
            "know it and refuses it at plan time ('invalid AWS Region')",
            fix="choose another region until the provider is upgraded (then remove the region from "
            "REGIONS_UNKNOWN_TO_PROVIDER in modules/regions.py)",
        )
    if value in REGIONS:
        return
    close = closest_regions(value)
    if value.strip().lower() in REGIONS:
        hint = f"write it in lowercase, without spaces: {value.strip().lower()!r}."
    elif close:
        names = " or ".join(f"{region!r} ({REGIONS[region]})" for region in close)
        hint = f"did you mean {names}?"
    else:
        hint = "use a region code such as 'us-east-1' or 'eu-central-1'."
    raise InvalidSetting(
        setting=setting,
        value=value,
        problem="not an AWS region" + (" (region codes are lowercase)" if value.strip().lower() in REGIONS else ""),
        fix=f"{hint} A region that opened after this list was written is added with one line in modules/regions.py",
    )
