output "certificate_validation_records" {
  description = "DNS records that validate the certificate of domain_name (empty without a domain)."
  value       = flatten(aws_lightsail_certificate.certificate[*].domain_validation_options)
}

output "database_endpoint" {
  description = "Host name of the database (Lightsail's private network only)."
  value       = aws_lightsail_database.database.master_endpoint_address
}

output "database_password_secret_arn" {
  description = "Secret holding the database master password."
  value       = aws_secretsmanager_secret.database_password.arn
}

output "default_url" {
  description = "The service's own `*.cs.amazonlightsail.com` URL."
  value       = aws_lightsail_container_service.service.url
}

output "secret_key_secret_arn" {
  description = "Secret holding MC_SECRET_KEY."
  value       = aws_secretsmanager_secret.secret_key.arn
}

output "service_name" {
  description = "Container service name."
  value       = aws_lightsail_container_service.service.name
}

output "service_url" {
  description = "The app's HTTPS URL (the custom domain when set)."
  value       = (var.domain_name != null) ? "https://${var.domain_name}/" : aws_lightsail_container_service.service.url
}
