data "aws_elb_service_account" "elb_account" {
}

data "aws_route53_zone" "zone" {
  count = (var.domain_name != null) ? 1 : 0

  name         = coalesce(var.hosted_zone_name, (length(split(".", var.domain_name)) <= 2) ? var.domain_name : join(".", slice(split(".", var.domain_name), 1, length(split(".", var.domain_name)))))
  private_zone = false
}

resource "aws_acm_certificate" "certificate" {
  count = (var.domain_name != null) ? 1 : 0

  domain_name       = var.domain_name
  tags              = var.tags
  validation_method = "DNS"

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_acm_certificate_validation" "certificate_validation" {
  count = (var.domain_name != null) ? 1 : 0

  certificate_arn         = one(aws_acm_certificate.certificate[*].arn)
  validation_record_fqdns = [one(aws_route53_record.certificate_validation_record[*].fqdn)]
}

resource "aws_lb" "this" {
  drop_invalid_header_fields = true
  enable_deletion_protection = var.enable_deletion_protection
  idle_timeout               = var.idle_timeout_seconds
  internal                   = false
  load_balancer_type         = "application"
  name                       = var.name
  security_groups            = [aws_security_group.security_group.id]
  subnets                    = var.subnet_ids
  tags                       = var.tags

  dynamic "access_logs" {
    for_each = var.enable_access_logs ? [1] : []
    content {
      bucket  = one(aws_s3_bucket.access_logs[*].id)
      enabled = true
      prefix  = "alb"
    }
  }
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"
  tags              = var.tags

  default_action {
    target_group_arn = (var.domain_name != null) ? null : aws_lb_target_group.target_group.arn
    type             = (var.domain_name != null) ? "redirect" : "forward"

    dynamic "redirect" {
      for_each = (var.domain_name != null) ? [1] : []
      content {
        port        = "443"
        protocol    = "HTTPS"
        status_code = "HTTP_301"
      }
    }
  }
}

resource "aws_lb_listener" "https" {
  count = (var.domain_name != null) ? 1 : 0

  certificate_arn   = one(aws_acm_certificate_validation.certificate_validation[*].certificate_arn)
  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  tags              = var.tags

  default_action {
    target_group_arn = aws_lb_target_group.target_group.arn
    type             = "forward"
  }
}

resource "aws_lb_target_group" "target_group" {
  deregistration_delay = var.deregistration_delay_seconds
  name                 = "${var.name}-app"
  port                 = var.target_port
  protocol             = "HTTP"
  tags                 = var.tags
  target_type          = "ip"
  vpc_id               = var.vpc_id

  health_check {
    enabled             = true
    healthy_threshold   = var.healthy_threshold
    interval            = var.health_check_interval_seconds
    matcher             = var.health_check_matcher
    path                = var.health_check_path
    timeout             = var.health_check_timeout_seconds
    unhealthy_threshold = var.unhealthy_threshold
  }
}

resource "aws_route53_record" "alias" {
  count = (var.domain_name != null) ? 1 : 0

  name    = var.domain_name
  type    = "A"
  zone_id = one(data.aws_route53_zone.zone[*].zone_id)

  alias {
    evaluate_target_health = true
    name                   = aws_lb.this.dns_name
    zone_id                = aws_lb.this.zone_id
  }
}

resource "aws_route53_record" "certificate_validation_record" {
  count = (var.domain_name != null) ? 1 : 0

  allow_overwrite = true
  name            = element(tolist(one(aws_acm_certificate.certificate[*].domain_validation_options)), 0).resource_record_name
  records = [
    element(tolist(one(aws_acm_certificate.certificate[*].domain_validation_options)), 0).resource_record_value,
  ]
  ttl     = 60
  type    = element(tolist(one(aws_acm_certificate.certificate[*].domain_validation_options)), 0).resource_record_type
  zone_id = one(data.aws_route53_zone.zone[*].zone_id)
}

resource "aws_s3_bucket" "access_logs" {
  count = var.enable_access_logs ? 1 : 0

  bucket_prefix = "${var.name}-alb-logs-"
  force_destroy = false
  tags          = var.tags
}

resource "aws_s3_bucket_lifecycle_configuration" "access_logs_lifecycle" {
  count = var.enable_access_logs ? 1 : 0

  bucket = aws_s3_bucket.access_logs[count.index].id

  rule {
    id     = "expire"
    status = "Enabled"

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }

    expiration {
      days = var.access_log_retention_days
    }

    filter {
      prefix = ""
    }

    noncurrent_version_expiration {
      noncurrent_days = 1
    }
  }
}

resource "aws_s3_bucket_notification" "access_logs_notifications" {
  count = var.enable_access_logs ? 1 : 0

  bucket      = aws_s3_bucket.access_logs[count.index].id
  eventbridge = true
}

resource "aws_s3_bucket_ownership_controls" "access_logs_ownership" {
  count = var.enable_access_logs ? 1 : 0

  bucket = aws_s3_bucket.access_logs[count.index].id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_policy" "access_logs_policy" {
  count = var.enable_access_logs ? 1 : 0

  bucket = aws_s3_bucket.access_logs[count.index].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource = [
          aws_s3_bucket.access_logs[count.index].arn,
          "${aws_s3_bucket.access_logs[count.index].arn}/*",
        ]
        Condition = {
          Bool = {
            "aws:SecureTransport" = "false"
          }
        }
      },
      {
        Sid    = "AllowPutObject"
        Effect = "Allow"
        Principal = {
          AWS     = data.aws_elb_service_account.elb_account.arn
          Service = "logdelivery.elasticloadbalancing.amazonaws.com"
        }
        Action   = "s3:PutObject"
        Resource = "${aws_s3_bucket.access_logs[count.index].arn}/alb/*"
      },
    ]
  })
}

resource "aws_s3_bucket_public_access_block" "access_logs_public_access" {
  count = var.enable_access_logs ? 1 : 0

  block_public_acls       = true
  block_public_policy     = true
  bucket                  = aws_s3_bucket.access_logs[count.index].id
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "access_logs_encryption" {
  count = var.enable_access_logs ? 1 : 0

  bucket = aws_s3_bucket.access_logs[count.index].id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_versioning" "access_logs_versioning" {
  count = var.enable_access_logs ? 1 : 0

  bucket = aws_s3_bucket.access_logs[count.index].id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_security_group" "security_group" {
  description = "Load balancer of ${var.name}: HTTP, and HTTPS with a domain, from the internet"
  name        = "${var.name}-alb"
  tags        = merge(var.tags, { "Name" = "${var.name}-alb" })
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "ingress_443" {
  count = (var.domain_name != null) ? 1 : 0

  cidr_ipv4         = "0.0.0.0/0"
  description       = "HTTPS from the internet"
  from_port         = 443
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.security_group.id
  tags              = var.tags
  to_port           = 443
}

resource "aws_vpc_security_group_ingress_rule" "ingress_80" {
  cidr_ipv4         = "0.0.0.0/0"
  description       = "HTTP from the internet"
  from_port         = 80
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.security_group.id
  tags              = var.tags
  to_port           = 80
}
