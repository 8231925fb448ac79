"""How the constructs are composed into stacks: one per environment, plus the state bootstrap stack.

`modules` is imported first on purpose: it prepares the runtime (quiet jsii, fast provider import) before
any stack module imports cdktf or the provider.
"""

import modules  # noqa: F401  (import order matters: see above)
