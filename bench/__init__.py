"""The claims benchmark: before and after figures, and their ratios, for each technique."""
