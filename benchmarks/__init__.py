"""Performance measurements of Loyalty Lab (run with ``python -m benchmarks``).

Each benchmark reports ratios against a baseline measured in the same run,
so the figures mean the same on a fast laptop and a busy 2-core CI machine.
"""
