"""What a rehearsal found: each step with its command, time and checks, and the emulator patches in force.

Written as `report.json` (for the tests and tools) and `report.md` (for people) in the work folder.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Check:
    what: str
    ok: bool
    detail: Any = None


@dataclass
class Step:
    name: str
    command: str = ""
    started_seconds: float = 0.0
    """When the step started, in seconds from the start of the rehearsal (steps may overlap)."""
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    """CPU time (user + system) of the commands the step ran, their child processes (the provider) included. The
    emulator's work for them is done in the rehearsal's own process: only the report's total has it."""
    checks: list[Check] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    skipped: str | None = None
    """Why the step did not run (then it neither passes nor fails)."""

    @property
    def ok(self) -> bool:
        return self.error is None and all(check.ok for check in self.checks)

    def check(self, what: str, ok: bool, detail: Any = None) -> bool:
        self.checks.append(Check(what, bool(ok), detail))
        return bool(ok)


@dataclass
class Report:
    workdir: str
    moto_version: str
    emulator: dict[str, Any] = field(default_factory=dict)
    patches: list[dict[str, Any]] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    total_seconds: float = 0.0
    cpu_seconds: dict[str, float] = field(default_factory=dict)
    """CPU time of the whole run: `child_processes` (every command) and `rehearsal_process` (moto, the checks)."""

    @property
    def ok(self) -> bool:
        return all(step.ok for step in self.steps)

    def step(self, name: str) -> Step:
        for step in self.steps:
            if step.name == name:
                return step
        raise KeyError(f"no step {name!r}: {[s.name for s in self.steps]}")

    def as_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["ok"] = self.ok
        for step, raw in zip(self.steps, data["steps"], strict=True):
            raw["ok"] = step.ok
        return data

    def write(self, folder: Path) -> tuple[Path, Path]:
        as_json, as_markdown = folder / "report.json", folder / "report.md"
        as_json.write_text(json.dumps(self.as_dict(), indent=2, default=str) + "\n")
        as_markdown.write_text(self.markdown())
        return as_json, as_markdown

    def summary_lines(self) -> list[str]:
        width = max(len(step.name) for step in self.steps) if self.steps else 10
        lines = [
            f"{step.name:<{width}}  {step.seconds:6.1f} s  {_verdict(step)}"
            + (f"  ({sum(not c.ok for c in step.checks)} of {len(step.checks)} checks failed)" if not step.ok else "")
            for step in self.steps
        ]
        lines.append(f"{'total':<{width}}  {self.total_seconds:6.1f} s  {'passed' if self.ok else 'FAILED'}")
        if self.cpu_seconds:
            lines.append(f"{'cpu':<{width}}  " + ", ".join(f"{k} {v:.0f} s" for k, v in self.cpu_seconds.items()))
        return lines

    def markdown(self) -> str:
        out = [
            "# Deploy rehearsal",
            "",
            f"**{'Passed' if self.ok else 'FAILED'}** in {self.total_seconds:.0f} s, against moto {self.moto_version} "
            f"({self.emulator.get('url', '')}, in-process) with {len(self.patches)} patches. Work folder: "
            f"`{self.workdir}`.",
            "",
            "CPU time: "
            + (", ".join(f"{k.replace('_', ' ')} {v:.0f} s" for k, v in self.cpu_seconds.items()) or "-")
            + " (a step's: its commands, the provider included; moto's work is in the rehearsal process's).",
            "",
            "| step | started | took | CPU | result | checks |",
            "| --- | ---: | ---: | ---: | --- | --- |",
        ]
        for step in self.steps:
            failed = sum(not c.ok for c in step.checks)
            out.append(
                f"| {step.name} | {step.started_seconds:.0f} s | {step.seconds:.1f} s | {step.cpu_seconds:.1f} s | "
                f"{_verdict(step)} | "
                f"{len(step.checks) - failed}/{len(step.checks)} |"
            )
        for step in self.steps:
            out += ["", f"## {step.name}", ""]
            if step.command:
                out += [f"`{step.command}`", ""]
            if step.skipped:
                out.append(f"Skipped: {step.skipped}")
            if step.error:
                out += ["Error:", "", "```", step.error.strip()[-3000:], "```"]
            for check in step.checks:
                detail = "" if check.detail is None else f": `{_short(check.detail)}`"
                out.append(f"- {'✅' if check.ok else '❌'} {check.what}{detail}")
        out += [
            "",
            "## Emulator patches",
            "",
            "| patch | moto | restores (AWS behaviour) | moto does instead | detector |",
        ]
        out.append("| --- | --- | --- | --- | --- |")
        for patch in self.patches:
            out.append(
                f"| {patch['name']} | {patch['moto_version']} | {patch['restores']} | {patch['moto_gap']} | "
                f"`{patch['detector']}` |"
            )
        return "\n".join(out) + "\n"


def _verdict(step: Step) -> str:
    if step.skipped:
        return "skipped"
    return "passed" if step.ok else "FAILED"


def _short(value: Any, limit: int = 300) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    text = text.replace("`", "'").replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"
