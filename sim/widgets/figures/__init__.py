"""One module per interactive figure: ``spec()`` and ``compute(values, seed)``."""
