data "aws_availability_zones" "zones" {
  state = "available"

  filter {
    name   = "opt-in-status"
    values = ["opt-in-not-required"]
  }
}

resource "aws_cloudwatch_log_group" "flow_log_group" {
  count = var.enable_flow_logs ? 1 : 0

  kms_key_id        = var.kms_key_arn
  name              = "/vpc/${var.name}/flow-logs"
  retention_in_days = var.flow_log_retention_days
  tags              = var.tags
}

resource "aws_default_security_group" "default_security_group" {
  tags   = merge(var.tags, { "Name" = "${var.name}-default" })
  vpc_id = aws_vpc.this.id
}

resource "aws_eip" "nat_address" {
  count = (var.nat_gateways == "per_az") ? var.az_count : (var.nat_gateways == "none") ? 0 : 1

  domain = "vpc"
  tags   = merge(var.tags, { "Name" = "${var.name}-nat-${count.index}" })
}

resource "aws_flow_log" "flow_log" {
  count = var.enable_flow_logs ? 1 : 0

  iam_role_arn             = one(aws_iam_role.flow_log_role[*].arn)
  log_destination          = one(aws_cloudwatch_log_group.flow_log_group[*].arn)
  log_destination_type     = "cloud-watch-logs"
  max_aggregation_interval = 60
  tags                     = var.tags
  traffic_type             = "ALL"
  vpc_id                   = aws_vpc.this.id
}

resource "aws_iam_role" "flow_log_role" {
  count = var.enable_flow_logs ? 1 : 0

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow"
        Principal = {
          Service = "vpc-flow-logs.amazonaws.com"
        }
        Action = "sts:AssumeRole"
      },
    ]
  })
  name_prefix = "${substr(var.name, 0, 20)}-flow-logs-"
  tags        = var.tags
}

resource "aws_iam_role_policy" "flow_log_policy" {
  count = var.enable_flow_logs ? 1 : 0

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
        Resource = "${one(aws_cloudwatch_log_group.flow_log_group[*].arn)}:*"
      },
    ]
  })
  role = one(aws_iam_role.flow_log_role[*].id)
}

resource "aws_internet_gateway" "internet_gateway" {
  tags   = merge(var.tags, { "Name" = var.name })
  vpc_id = aws_vpc.this.id
}

resource "aws_nat_gateway" "nat" {
  count = (var.nat_gateways == "per_az") ? var.az_count : (var.nat_gateways == "none") ? 0 : 1

  allocation_id = aws_eip.nat_address[count.index].id
  subnet_id     = aws_subnet.public[count.index].id
  tags          = merge(var.tags, { "Name" = "${var.name}-nat-${count.index}" })

  depends_on = [aws_internet_gateway.internet_gateway]
}

resource "aws_route" "private_default_route" {
  count = (var.nat_gateways == "none") ? 0 : var.az_count

  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = element(aws_nat_gateway.nat[*].id, count.index)
  route_table_id         = aws_route_table.private_routes[count.index].id
}

resource "aws_route_table" "private_routes" {
  count = var.az_count

  tags   = merge(var.tags, { "Name" = "${var.name}-private-${count.index}" })
  vpc_id = aws_vpc.this.id
}

resource "aws_route_table" "public_routes" {
  route = [
    {
      carrier_gateway_id         = null
      cidr_block                 = "0.0.0.0/0"
      core_network_arn           = null
      destination_prefix_list_id = null
      egress_only_gateway_id     = null
      gateway_id                 = aws_internet_gateway.internet_gateway.id
      ipv6_cidr_block            = null
      local_gateway_id           = null
      nat_gateway_id             = null
      network_interface_id       = null
      transit_gateway_id         = null
      vpc_endpoint_id            = null
      vpc_peering_connection_id  = null
    },
  ]
  tags   = merge(var.tags, { "Name" = "${var.name}-public" })
  vpc_id = aws_vpc.this.id
}

resource "aws_route_table_association" "private_association" {
  count = var.az_count

  route_table_id = aws_route_table.private_routes[count.index].id
  subnet_id      = aws_subnet.private[count.index].id
}

resource "aws_route_table_association" "public_association" {
  count = var.az_count

  route_table_id = aws_route_table.public_routes.id
  subnet_id      = aws_subnet.public[count.index].id
}

resource "aws_subnet" "private" {
  count = var.az_count

  availability_zone = element(data.aws_availability_zones.zones.names, count.index)
  cidr_block        = cidrsubnet(var.cidr_block, 4, (count.index + 8))
  tags              = merge(var.tags, { "Name" = "${var.name}-private-${count.index}", "Tier" = "private" })
  vpc_id            = aws_vpc.this.id

  lifecycle {
    ignore_changes = [availability_zone]
  }
}

resource "aws_subnet" "public" {
  count = var.az_count

  availability_zone       = element(data.aws_availability_zones.zones.names, count.index)
  cidr_block              = cidrsubnet(var.cidr_block, 4, count.index)
  map_public_ip_on_launch = false
  tags                    = merge(var.tags, { "Name" = "${var.name}-public-${count.index}", "Tier" = "public" })
  vpc_id                  = aws_vpc.this.id

  lifecycle {
    ignore_changes = [availability_zone]
  }
}

resource "aws_vpc" "this" {
  cidr_block           = var.cidr_block
  enable_dns_hostnames = true
  enable_dns_support   = true
  tags                 = merge(var.tags, { "Name" = var.name })
}
