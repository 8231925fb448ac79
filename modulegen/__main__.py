"""`python -m modulegen` (`make modules`): regenerate every module into `modules/<name>/terraform/`."""

from __future__ import annotations

import sys
from typing import Any

from modulegen.files import MODULES_DIR, write
from modulegen.generate import synthesize


class _QuietFunctionWarnings:
    """`sys.stderr` without cdktf's warning about `${...}` inside the arguments of its functions, and the unresolved
    expression it echoes (written for every policy whose statements hold references): the modules' tests check what
    those expressions render to."""

    MARKERS = (b"You're using escape sequences", b"TfToken[")

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self.buffer = self

    def write(self, data: Any) -> Any:
        text = data if isinstance(data, bytes) else str(data).encode()
        if any(marker in text for marker in self.MARKERS):
            return len(data)
        return (self._stream.buffer if isinstance(data, bytes) else self._stream).write(data)

    def flush(self) -> None:
        self._stream.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def main() -> int:
    sys.stderr = _QuietFunctionWarnings(sys.stderr)
    for path in write(synthesize()):
        print(path.relative_to(MODULES_DIR.parent))
    return 0


if __name__ == "__main__":
    sys.exit(main())
