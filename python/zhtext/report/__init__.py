"""The archive report: tidy tables (:mod:`.tables`), text for a terminal (:mod:`.terminal`) and one
self-contained HTML page with static SVG charts (:mod:`.html`, :mod:`.svg`).

``zt.report(df_or_source)`` builds a :class:`Report`; ``zhtext analyze SOURCE --report report.html``
writes its HTML. Nothing here imports pandas until it is used.

>>> import zhtext as zt
>>> rep = zt.report(zt.sample_article_path())
>>> rep.top_keywords["word"].tolist()[:3]
['中亚', '王毅', '访问']
"""

from __future__ import annotations

from .builder import Report, build, report
from .tables import (
    articles_per_period,
    calendar,
    keyword_trends,
    periods,
    reporters,
    rising_terms,
    speakers,
    top_terms,
)

__all__ = [
    "Report",
    "articles_per_period",
    "build",
    "calendar",
    "keyword_trends",
    "periods",
    "report",
    "reporters",
    "rising_terms",
    "speakers",
    "top_terms",
]
