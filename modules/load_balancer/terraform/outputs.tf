output "dns_name" {
  description = "The load balancer's own DNS name."
  value       = aws_lb.this.dns_name
}

output "http_listener_arn" {
  description = "Port 80 listener (redirects to HTTPS with a domain)."
  value       = aws_lb_listener.http.arn
}

output "load_balancer_arn" {
  description = "Load balancer ARN."
  value       = aws_lb.this.arn
}

output "load_balancer_arn_suffix" {
  description = "ARN suffix, for CloudWatch metrics."
  value       = aws_lb.this.arn_suffix
}

output "security_group_id" {
  description = "Security group of the load balancer: it has ingress from the internet and no egress; add an egress rule to your targets (and the matching ingress on theirs)."
  value       = aws_security_group.security_group.id
}

output "target_group_arn" {
  description = "Target group (type `ip`): register the tasks here."
  value       = aws_lb_target_group.target_group.arn
}

output "target_group_arn_suffix" {
  description = "ARN suffix, for CloudWatch metrics."
  value       = aws_lb_target_group.target_group.arn_suffix
}

output "url" {
  description = "https://<domain_name> with a domain, else http://<dns_name>."
  value       = (var.domain_name != null) ? "https://${var.domain_name}" : "http://${aws_lb.this.dns_name}"
}

output "zone_id" {
  description = "Route 53 zone of the DNS name, for alias records."
  value       = aws_lb.this.zone_id
}
