"""Helpers shared by the tests: reading synthesized JSON by resource type and properties, and running Terraform."""
