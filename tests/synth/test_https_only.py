"""prod serves users only over HTTPS: without a domain its plan stops before anything is created (a private test
may still plan with TF_VAR_allow_plain_http=true); with a domain it has an HTTPS listener and redirects HTTP."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.support import tfjson


def precondition(stack: tfjson.TfJson) -> list[dict[str, str]]:
    listeners = tfjson.resources(stack, "aws_lb_listener")
    return [check for listener in listeners for check in listener.get("lifecycle", {}).get("precondition", [])]


def test_prod_without_a_domain_refuses_to_plan_unless_a_private_test_says_so(stack_dir: Callable[[str], Path]) -> None:
    prod = tfjson.load(stack_dir("prod") / "cdk.tf.json")
    (check,) = precondition(prod)
    assert check["condition"] == "${var.allow_plain_http}"
    assert prod["variable"]["allow_plain_http"]["default"] is False
    assert "Set MC_PROD_DOMAIN_NAME " in check["error_message"] and "TF_VAR_allow_plain_http" in check["error_message"]


def test_dev_may_serve_plain_http(stack_dir: Callable[[str], Path]) -> None:
    dev = tfjson.load(stack_dir("dev") / "cdk.tf.json")
    assert precondition(dev) == [] and "allow_plain_http" not in dev.get("variable", {})


def test_prod_with_a_domain_serves_https_and_redirects_http(synth_app: Callable[[dict[str, str]], Path]) -> None:
    prod = tfjson.load(synth_app({"MC_PROD_DOMAIN_NAME": "mc.example.com"}) / "prod" / "cdk.tf.json")
    assert precondition(prod) == [] and "allow_plain_http" not in prod.get("variable", {})
    listeners = {listener["port"]: listener for listener in tfjson.resources(prod, "aws_lb_listener")}
    assert listeners[443]["protocol"] == "HTTPS"
    (action,) = listeners[80]["default_action"]
    assert action["type"] == "redirect" and action["redirect"]["protocol"] == "HTTPS"


def test_prods_domain_reaches_prod_only(synth_app: Callable[[dict[str, str]], Path]) -> None:
    """MC_PROD_DOMAIN_NAME gives prod its certificate; dev and lightsail request none (a plain MC_DOMAIN_NAME, which
    would give every environment prod's domain, is refused: tests/unit/test_scoped_settings.py)."""
    stacks = synth_app({"MC_PROD_DOMAIN_NAME": "mc.example.com"})
    (certificate,) = tfjson.resources(tfjson.load(stacks / "prod" / "cdk.tf.json"), "aws_acm_certificate")
    assert certificate["domain_name"] == "mc.example.com"
    assert tfjson.resources(tfjson.load(stacks / "dev" / "cdk.tf.json"), "aws_acm_certificate") == []
    assert tfjson.resources(tfjson.load(stacks / "lightsail" / "cdk.tf.json"), "aws_lightsail_certificate") == []
