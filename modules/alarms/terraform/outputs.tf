output "alarm_arns" {
  description = "Alarm ARNs, by alarm."
  value = {
    alb_5xx               = aws_cloudwatch_metric_alarm.alb_5xx.arn
    database_connections  = aws_cloudwatch_metric_alarm.database_connections.arn
    database_free_storage = aws_cloudwatch_metric_alarm.database_free_storage.arn
    service_cpu           = aws_cloudwatch_metric_alarm.service_cpu.arn
    service_memory        = aws_cloudwatch_metric_alarm.service_memory.arn
    target_5xx            = aws_cloudwatch_metric_alarm.target_5xx.arn
    unhealthy_hosts       = aws_cloudwatch_metric_alarm.unhealthy_hosts.arn
  }
}

output "alarm_topic_arn" {
  description = "SNS topic every alarm notifies: subscribe a pager here."
  value       = aws_sns_topic.topic.arn
}
