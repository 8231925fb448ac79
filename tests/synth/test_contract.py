"""The names contract (modules/ecs_app/contract.py) holds: each output it names is written by the synthesized ECS
stacks (and by the HCL module where it says so), each address it names is a resource of them, and no package but the
contract spells an output name (so renaming one there renames it for the stack, the module, ops and the rehearsal).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from pathlib import Path

import hcl2
import pytest

from modules.ecs_app import contract
from tests.support import tfjson

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = ROOT / "modules" / "ecs_app" / "contract.py"
SCANNED = (
    "main.py",
    "scripts",
    "review",
    "modulegen",
    "diagrams",
    "rehearsal",
    "stacks",
    "ops",
    "environments",
    "modules",
)
"""Every package (tests/ may spell names: a test states what users rely on)."""
COMMON_WORDS = {contract.IMAGE, contract.REGION}
"""Output names that are also the settings' and the props' field names (`Settings.region`, `EcsAppProps.image`):
as strings they name those fields far more often than the outputs, so the scan leaves them out."""
OTHER_INTERFACES = {
    # Other HCL modules declare their own inputs and outputs: the same word there names that module's value.
    "modulegen/definitions/alarms.py": {contract.CLUSTER_NAME, contract.SERVICE_NAME, contract.ALARM_TOPIC_ARN},
    "modulegen/definitions/fargate_service.py": {
        contract.CLUSTER_NAME,
        contract.SERVICE_NAME,
        contract.LOG_GROUP_NAME,
        contract.MIGRATION_COMMAND,
        contract.TASK_DEFINITION_ARN,
    },
    "modulegen/definitions/lightsail_app.py": {contract.SERVICE_NAME, contract.DATABASE_ENDPOINT},
    # A prop (the migration's command) and a construct ID, which the stack's output names after.
    "modules/fargate_service/props.py": {contract.MIGRATION_COMMAND},
    "modules/fargate_service/construct.py": {contract.MIGRATION_TASK_DEFINITION},
    # The CodeDeploy deployment group's `ecs_service.service_name` attribute in the JSON, not an output.
    "diagrams/model.py": {contract.SERVICE_NAME},
}
"""Files where an output's word names something else, with what it names there."""


@pytest.fixture(scope="module", params=["dev", "prod"])
def stack(request: pytest.FixtureRequest, stack_dir: Callable[[str], Path]) -> tfjson.TfJson:
    return tfjson.load(stack_dir(request.param) / "cdk.tf.json")


def test_every_stack_output_is_written(stack: tfjson.TfJson) -> None:
    missing = set(contract.STACK_OUTPUTS) - set(stack["output"])
    assert not missing, f"the contract names outputs the stack does not write: {sorted(missing)}"


def test_blue_green_outputs_are_written_by_prod_only(stack_dir: Callable[[str], Path]) -> None:
    prod, dev = (tfjson.load(stack_dir(name) / "cdk.tf.json")["output"] for name in ("prod", "dev"))
    assert set(contract.BLUE_GREEN_OUTPUTS) <= set(prod), sorted(set(contract.BLUE_GREEN_OUTPUTS) - set(prod))
    assert not set(contract.BLUE_GREEN_OUTPUTS) & set(dev), "dev rolls: it has no CodeDeploy outputs"


def test_the_stack_writes_no_output_the_contract_leaves_out(stack: tfjson.TfJson) -> None:
    """An output other code may read is named in the contract, or nobody can rename it safely."""
    known = set(contract.STACK_OUTPUTS) | set(contract.BLUE_GREEN_OUTPUTS)
    assert set(stack["output"]) <= known, sorted(set(stack["output"]) - known)


def test_every_module_output_is_in_the_hcl_module() -> None:
    with open(ROOT / "modules" / "ecs_app" / "terraform" / "outputs.tf") as file:
        declared = {name.strip('"') for block in hcl2.load(file)["output"] for name in block}  # hcl2 keeps the quotes
    missing = set(contract.MODULE_OUTPUTS) - declared
    assert not missing, f"modules/ecs_app/terraform/outputs.tf lacks {sorted(missing)}"


def test_every_address_is_a_resource(stack: tfjson.TfJson) -> None:
    present = {f"{kind}.{name}" for kind, resources in stack["resource"].items() for name in resources}
    missing = set(contract.ADDRESSES) - present
    assert not missing, f"the contract names addresses the stack does not have: {sorted(missing)}"


def sources() -> Iterator[Path]:
    for entry in SCANNED:
        path = ROOT / entry
        yield from [path] if path.is_file() else sorted(path.rglob("*.py"))


def spelled(path: Path, names: set[str]) -> Iterator[str]:
    """`line: name` for each string constant of `path` that is one of `names` (docstrings and f-string parts too)."""
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in names:
            yield f"{node.lineno}: {node.value}"


def test_no_package_but_the_contract_spells_an_output_name() -> None:
    names = set(contract.STACK_OUTPUTS) | set(contract.BLUE_GREEN_OUTPUTS) | set(contract.MODULE_OUTPUTS)
    names -= COMMON_WORDS
    found = [
        f"{path.relative_to(ROOT)}:{hit}"
        for path in sources()
        if path != CONTRACT
        for hit in spelled(path, names - OTHER_INTERFACES.get(str(path.relative_to(ROOT)), set()))
    ]
    assert not found, "use the names in modules/ecs_app/contract.py instead:\n" + "\n".join(found)


def test_the_scan_finds_a_spelled_name(tmp_path: Path) -> None:
    """The scan itself: a literal output name is found, the contract's constant is not."""
    source = tmp_path / "reader.py"
    source.write_text('outputs.string("cluster_name")\noutputs.string(contract.CLUSTER_NAME)\n')
    assert list(spelled(source, {contract.CLUSTER_NAME})) == ["1: cluster_name"]


def test_every_exception_is_still_needed() -> None:
    """An exception for a file that no longer spells the word would hide a new literal there."""
    unused = {
        file: sorted(words - {hit.split(": ")[1] for hit in spelled(ROOT / file, words)})
        for file, words in OTHER_INTERFACES.items()
    }
    assert not {file: words for file, words in unused.items() if words}, unused
