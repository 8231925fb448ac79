"""A VPC across availability zones looked up at plan time: public subnets for the load balancer, private subnets
for tasks, database and cache, NAT for the private subnets' egress, flow logs, and the default security group closed.

    from modules.network.construct import Network
    from modules.network.props import NetworkProps

    network = Network(self, "network", NetworkProps(name="mission-control-dev", nat_gateways="single"))
    network.private_subnet_ids  # for the service, RDS and ElastiCache
"""
