class WorkbookError(Exception):
    """An error a learner can fix; notebooks show its message alone, without a traceback."""

    def _render_traceback_(self):  # IPython's hook for custom error display
        return [f"\x1b[1;31m{type(self).__name__}:\x1b[0m {self}"]
