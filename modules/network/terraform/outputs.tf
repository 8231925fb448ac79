output "nat_gateway_ids" {
  description = "NAT gateways: one, or one per zone."
  value       = aws_nat_gateway.nat[*].id
}

output "private_subnet_ids" {
  description = "Private subnets, one per zone (tasks, databases, caches)."
  value       = aws_subnet.private[*].id
}

output "public_subnet_ids" {
  description = "Public subnets, one per zone (load balancers)."
  value       = aws_subnet.public[*].id
}

output "vpc_cidr_block" {
  description = "VPC range."
  value       = aws_vpc.this.cidr_block
}

output "vpc_id" {
  description = "VPC ID."
  value       = aws_vpc.this.id
}
