"""contradict: where news outlets agree and where they conflict, claim by claim.

Example:
    >>> import contradict
    >>> report = contradict.analyze(["seeds/"])
    >>> report.pairs[["a_source", "a_text", "b_source", "b_text", "topic", "verdict", "confidence"]]
"""

__version__ = "0.1.0"

from .errors import ContradictError, InputError, ModelError  # noqa: E402
from .types import Article, Claim, NumericComparison, Quantity, Sentence  # noqa: E402


def __getattr__(name: str):
    # The pipeline imports numpy, pandas and the stage modules: load them on first use so that
    # `import contradict` and `contradict --help` stay fast.
    if name in ("analyze", "Pipeline"):
        from . import pipeline

        return getattr(pipeline, name)
    if name == "Report":
        from .report import Report

        return Report
    if name in ("read_claim", "parse_quantities"):
        from . import claims

        return getattr(claims, name)
    if name in ("compare_claims",):
        from . import compare

        return getattr(compare, name)
    if name == "plots":
        # Figures for notebooks; matplotlib itself is imported only when a plot is drawn.
        # import_module, not `from . import plots`: that form would call this __getattr__ again.
        import importlib

        return importlib.import_module(".plots", __name__)
    if name in ("read_report", "report_from_dict"):
        from . import read

        return getattr(read, name)
    if name == "load_articles":
        from .load import load_articles

        return load_articles
    raise AttributeError(f"module 'contradict' has no attribute {name!r}")


__all__ = [
    "Article", "Claim", "ContradictError", "InputError", "ModelError", "NumericComparison", "Pipeline", "Quantity",
    "Report", "Sentence", "analyze", "compare_claims", "load_articles", "parse_quantities", "plots", "read_claim",
    "read_report", "report_from_dict",
]
