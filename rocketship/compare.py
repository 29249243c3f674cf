"""The old home of :mod:`rocketship.comparison`, kept so that ``from rocketship.compare import …`` works.

Importing a submodule sets the package attribute of the same name, so a
module ``rocketship.compare`` would replace the function ``rocketship.compare``
for everyone once anything imported it.  This module therefore makes itself
callable: ``rs.compare(routes, vehicles)`` works whichever of the two the
attribute holds.
"""

import sys
import types
from typing import Any

from .comparison import *  # noqa: F401,F403
from .comparison import Comparison, __all__, compare as _compare  # noqa: F401 (__all__: this module re-exports comparison's)


class _CallableModule(types.ModuleType):
    def __call__(self, *args: Any, **kwargs: Any) -> Comparison:
        return _compare(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
