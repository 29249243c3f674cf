"""Float core: SI floats and numpy arrays in, SI floats and arrays out.

Nothing here imports pint, rich, astropy or the catalogue (an import-linter
contract checks it): kernels are vectorised over routes and samples and are
kept free of units so that they stay fast.
"""
