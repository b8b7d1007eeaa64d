"""Lint: the analysis in, findings out.

Every rule is one module of `rules/`, registered with its code, name, default severity
and documentation; `selection` says which run and how severe, `run` runs them and
applies suppressions, `baseline` and `fixes` are what `check` does with the findings.
"""
