"""checkov on every synthesized stack and every generated Terraform module; fails on any finding that is not an
exception listed here with its reason.

    .venv/bin/python scripts/security_scan.py cdktf.out/stacks        # or: make scan
    .venv/bin/python scripts/security_scan.py --modules               # modules/<name>/terraform, for HCL users

checkov runs from its own virtual environment (.venv-checkov, see requirements-checkov.txt). Exceptions are per
stack, so a check we accept for `dev` (no deletion protection) still guards `prod`, and per module. checkov
3.3.30's terraform_json parser crashes on the string `terraform.required_version`, so each stack is scanned from a
copy without that one line; nothing else is changed. The modules are HCL, scanned as they are, with their
variables' defaults (what a caller who sets nothing gets); checkov cannot evaluate a conditional on a variable, nor
an object attribute's default, which some exceptions below say.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CHECKOV = ROOT / ".venv-checkov" / "bin" / "checkov"

ROTATION = "generated secrets rotate by bumping value_version (write-only); there is no rotation Lambda to run"
HTTP_WITHOUT_DOMAIN = "without MC_<ENV>_DOMAIN_NAME the ALB serves HTTP only; with one HTTP redirects to TLS 1.3/1.2"
IMAGE_TAG = "the image-tag parameter holds a public image tag, not a secret: plans must show it (insecure_value)"
LOG_RETENTION = "dev keeps logs 14 days (flow logs 30): it is rebuilt at will; prod keeps every log group a year"

EVERY_ECS_STACK = {
    "CKV2_AWS_57": ROTATION,
    "CKV2_AWS_34": IMAGE_TAG,
    "CKV_AWS_2": HTTP_WITHOUT_DOMAIN,
    "CKV_AWS_103": HTTP_WITHOUT_DOMAIN,
    "CKV2_AWS_20": HTTP_WITHOUT_DOMAIN,
    "CKV_AWS_260": HTTP_WITHOUT_DOMAIN + " (port 80 must stay open for the redirect)",
    "CKV_AWS_378": "TLS ends at the ALB; ALB to task is HTTP inside private subnets",
    "CKV_AWS_394": "the first N available zones are taken; subnets ignore later changes to the zone list",
}

EXCEPTIONS: dict[str, dict[str, str]] = {
    "state": {
        "CKV_AWS_18": "access logs of the state bucket would need a second bucket; CloudTrail data events cover it",
        "CKV2_AWS_62": "nothing consumes events from the state bucket",
        "CKV_AWS_144": "versioning and PITR protect state; cross-region replication is a disaster-recovery choice",
    },
    "lightsail": {
        "CKV_AWS_149": "the cheap Lightsail path uses Secrets Manager's AWS-managed key, not a $1/month CMK",
        "CKV2_AWS_57": ROTATION,
        "CKV2_AWS_34": IMAGE_TAG,
    },
    "dev": {
        **EVERY_ECS_STACK,
        "CKV_AWS_338": LOG_RETENTION,
        "CKV2_AWS_28": "dev: no WAF (about $8/month; prod has one: ecs.waf.enabled)",
        "CKV_AWS_293": "dev is rebuilt at will: no deletion protection (prod has it)",
        "CKV_AWS_333": "dev has no NAT gateway (saves $36.50/month): its tasks have public IPs, and their security "
        "group admits only the load balancer (prod's tasks are private, behind NAT)",
        "CKV_AWS_157": "dev runs single-AZ to halve the database cost (prod is Multi-AZ)",
        "CKV_AWS_150": "dev: no ALB deletion protection (prod has it)",
        "CKV_AWS_91": "dev: no ALB access logs (prod has them)",
        "CKV2_AWS_50": "dev: one cache node, no failover (prod has a replica and failover)",
    },
    "prod": {
        **EVERY_ECS_STACK,
        "CKV_AWS_18": "the ALB access-log bucket does not log its own access (it would log into itself)",
        "CKV_AWS_144": "access logs expire after 90 days; no replication",
        "CKV_AWS_145": "ALB log delivery supports SSE-S3 only, not SSE-KMS",
        "CKV2_AWS_76": "the WAF has the known-bad-inputs set (Log4j); the anonymous-IP list it also asks for "
        "would block users behind VPNs and webhooks from cloud hosts",
    },
}


MODULES_DIR = ROOT / "modules"
FAILOVER = "automatic failover is an input (enable_automatic_failover, with node_count >= 2); one node is the default"
INSIGHTS = 'Container Insights is an input, on by default; checkov cannot evaluate `var.x ? "enabled" : ...`'
PORT_80 = "port 80 answers without a domain, and redirects to HTTPS with one (domain_name is an input)"
ZONES = EVERY_ECS_STACK["CKV_AWS_394"]

# checkov's HCL framework evaluates a flat variable's default, but not an attribute of an object variable
# (`var.database.deletion_protection`, `optional(bool, true)`): those findings say "unknown", not "off".
OBJECT_DEFAULT = "on by default through an object attribute (optional(..., true)), which checkov cannot evaluate"
SINGLE_AZ = "Multi-AZ is an input (multi_az), off by default: it doubles the instance cost"
LOG_YEAR = "retention is an input (days); a year is the caller's choice, not every environment's"
LB_PROTECTION = "ALB deletion protection is an input (enable_deletion_protection), off by default"
ACCESS_LOGS = "ALB access logs are an input (enable_access_logs), off by default"
READ_ONLY_ROOT = "the container image decides whether it writes to its filesystem; a read-only root is not forced"

MODULE_EXCEPTIONS: dict[str, dict[str, str]] = {
    "network": {"CKV_AWS_394": ZONES, "CKV_AWS_338": LOG_YEAR},
    "load_balancer": {
        "CKV_AWS_260": PORT_80,
        "CKV_AWS_378": EVERY_ECS_STACK["CKV_AWS_378"],
        "CKV_AWS_150": LB_PROTECTION,
        "CKV2_AWS_28": "the WAF is its own construct (ecs_app's `waf` input attaches one)",
        "CKV_AWS_18": EXCEPTIONS["prod"]["CKV_AWS_18"],
        "CKV_AWS_144": EXCEPTIONS["prod"]["CKV_AWS_144"],
        "CKV_AWS_145": EXCEPTIONS["prod"]["CKV_AWS_145"],
    },
    "fargate_service": {"CKV_AWS_338": LOG_YEAR, "CKV_AWS_336": READ_ONLY_ROOT},
    "postgres": {"CKV_AWS_157": SINGLE_AZ},
    "redis": {"CKV2_AWS_50": FAILOVER},
    "state_backend": EXCEPTIONS["state"],
    "lightsail_app": {
        "CKV_AWS_149": EXCEPTIONS["lightsail"]["CKV_AWS_149"],
        "CKV2_AWS_57": ROTATION,
    },
    "ecs_app": {
        "CKV_AWS_394": ZONES,
        "CKV_AWS_260": PORT_80,
        "CKV_AWS_65": INSIGHTS,
        "CKV2_AWS_50": FAILOVER,
        "CKV_AWS_293": OBJECT_DEFAULT + " (database.deletion_protection)",
        "CKV_AWS_133": OBJECT_DEFAULT + " (database.backup_retention_days, 7)",
        "CKV_AWS_353": OBJECT_DEFAULT + " (database.enable_performance_insights)",
        "CKV_AWS_118": OBJECT_DEFAULT + " (database.monitoring_interval_seconds, 60)",
        "CKV_AWS_157": SINGLE_AZ,
        "CKV_AWS_336": READ_ONLY_ROOT,
        "CKV_AWS_150": LB_PROTECTION,
        "CKV_AWS_18": EXCEPTIONS["prod"]["CKV_AWS_18"],
        "CKV2_AWS_76": EXCEPTIONS["prod"]["CKV2_AWS_76"],
        "CKV_AWS_378": EVERY_ECS_STACK["CKV_AWS_378"],
        "CKV2_AWS_57": ROTATION,
        "CKV_AWS_144": EXCEPTIONS["prod"]["CKV_AWS_144"],
        "CKV_AWS_145": EXCEPTIONS["prod"]["CKV_AWS_145"],
    },
}


def _run_checkov(files: dict[str, str], options: list[str], what: object) -> dict[str, Any]:
    """checkov's JSON report on `files` (relative path -> text: JSON configuration `*.tf.json`, or HCL `*.tf`),
    written to a scratch folder."""
    framework = "terraform_json" if all(name.endswith(".tf.json") for name in files) else "terraform"
    with tempfile.TemporaryDirectory() as copy:
        for name, text in files.items():
            (Path(copy) / name).parent.mkdir(parents=True, exist_ok=True)
            (Path(copy) / name).write_text(text)
        args = [str(CHECKOV), "--skip-download", "--framework", framework, "-d", copy, "-o", "json", *options]
        result = subprocess.run(args, capture_output=True, text=True, timeout=600)
    if not result.stdout.strip():
        raise RuntimeError(f"checkov printed nothing for {what} (exit {result.returncode}):\n{result.stderr}")
    report = json.loads(result.stdout)
    if isinstance(report, list):
        report = report[0]
    if report.get("summary", {}).get("parsing_errors"):
        raise RuntimeError(f"checkov could not parse {what}")
    return dict(report)


def _finding(check: dict[str, Any]) -> dict[str, str]:
    return {"check": check["check_id"], "resource": check["resource"], "name": check["check_name"]}


def _checkov(files: dict[str, str], skips: dict[str, str], what: Path) -> dict[str, object]:
    """checkov on one folder's `files`, `skips` skipped."""
    options = ["--quiet", *(["--skip-check", ",".join(sorted(skips))] if skips else [])]
    report = _run_checkov(files, options, what)
    failed = [_finding(c) for c in report.get("results", {}).get("failed_checks", [])]
    return {"passed": report.get("summary", {}).get("passed", 0), "failed": failed, "skipped": len(skips)}


def scan_together(folders: dict[str, dict[str, str]], what: str) -> dict[str, dict[str, object]]:
    """One checkov run over several folders (folder name -> {file name -> text}), nothing skipped; by folder, what
    `_checkov` gives for one (checkov starts in seconds: one run instead of one per folder)."""
    files = {f"{folder}/{name}": text for folder, named in folders.items() for name, text in named.items()}
    # Not --quiet: the passed checks are counted by folder too.
    results = _run_checkov(files, [], what).get("results", {})

    def folder_of(check: dict[str, Any]) -> str:
        return str(check["file_path"]).strip("/").split("/")[0]

    found: dict[str, dict[str, object]] = {}
    for folder in folders:
        passed = [c for c in results.get("passed_checks", []) if folder_of(c) == folder]
        failed = [_finding(c) for c in results.get("failed_checks", []) if folder_of(c) == folder]
        found[folder] = {"stack": folder, "passed": len(passed), "failed": failed, "skipped": 0}
    return found


def stack_files(stack_dir: Path) -> dict[str, str]:
    """What checkov reads of a synthesized stack: its JSON without what its parser cannot take."""
    synthesized = json.loads((stack_dir / "cdk.tf.json").read_text())
    synthesized.get("terraform", {}).pop("required_version", None)
    synthesized.pop("moved", None)  # its terraform_json parser fails on `moved` blocks (they create nothing)
    return {"cdk.tf.json": json.dumps(synthesized)}


def module_files(module_dir: Path) -> dict[str, str]:
    return {path.name: path.read_text() for path in sorted(module_dir.glob("*.tf"))}


def scan(stack_dir: Path, *, with_exceptions: bool = True) -> dict[str, object]:
    """checkov's findings for one stack folder, with that stack's exceptions skipped (unless told not to)."""
    skips = EXCEPTIONS.get(stack_dir.name, {}) if with_exceptions else {}
    return {"stack": stack_dir.name, **_checkov(stack_files(stack_dir), skips, stack_dir)}


def scan_module(module_dir: Path, *, with_exceptions: bool = True) -> dict[str, object]:
    """checkov's findings for one generated module (`modules/<name>/terraform`), with its exceptions skipped."""
    name = module_dir.parent.name
    skips = MODULE_EXCEPTIONS.get(name, {}) if with_exceptions else {}
    return {"stack": f"module {name}", **_checkov(module_files(module_dir), skips, module_dir)}


def module_dirs() -> list[Path]:
    return sorted(path.parent for path in MODULES_DIR.glob("*/terraform/main.tf"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("stacks", type=Path, nargs="?", help="the synthesized stacks folder, e.g. cdktf.out/stacks")
    parser.add_argument("--modules", action="store_true", help="also scan every modules/<name>/terraform")
    args = parser.parse_args()
    if args.stacks is None and not args.modules:
        parser.error("give the stacks folder, --modules, or both")
    if not CHECKOV.exists():
        print("error: checkov is not installed: run `make setup-checkov`", file=sys.stderr)
        return 2
    failures = 0
    stack_dirs = sorted(p for p in args.stacks.iterdir() if (p / "cdk.tf.json").exists()) if args.stacks else []
    reports = [scan(stack_dir) for stack_dir in stack_dirs]
    reports += [scan_module(module_dir) for module_dir in module_dirs()] if args.modules else []
    for report in reports:
        failed = report["failed"]
        assert isinstance(failed, list)
        print(f"{report['stack']}: {report['passed']} passed, {len(failed)} failed, {report['skipped']} excepted")
        for finding in failed:
            print(f"  {finding['check']} {finding['resource']}: {finding['name']}")
        failures += len(failed)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
