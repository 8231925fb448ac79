"""An internet-facing ALB in the public subnets with a target group (type `ip`) health-checking the app; with a
domain: an ACM certificate validated through Route 53, HTTPS with a TLS 1.3 policy, and HTTP redirected to HTTPS.

    from modules.load_balancer.construct import LoadBalancer
    from modules.load_balancer.props import LoadBalancerProps

    alb = LoadBalancer(self, "load_balancer", LoadBalancerProps(name="mc-dev", vpc_id=..., subnet_ids=[...]))
    alb.target_group  # register the service here
"""
