"""CloudWatch alarms on the service, the database and the load balancer, all notifying one SNS topic.

from modules.alarms.construct import Alarms
from modules.alarms.props import AlarmsProps

Alarms(self, "alarms", AlarmsProps(name="mc-prod", email="ops@example.com", cluster_name=..., ...))
"""
