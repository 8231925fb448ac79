"""A web application firewall in front of a load balancer: AWS's managed common rule set and known-bad-inputs rule
set, and a rate limit per client IP; blocked requests are counted in CloudWatch metrics and logged.

    from modules.waf.construct import Waf
    from modules.waf.props import WafProps

    Waf(self, "waf", WafProps(name="mc-prod", resource_arn=load_balancer.arn, kms_key_arn=key.arn))
"""
