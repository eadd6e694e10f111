"""The fact-check workflow around a report: compare two runs, record review decisions, publish ClaimReview.

- :mod:`contradict.workflow.diff`: which findings are new, resolved, or changed between two reports;
- :mod:`contradict.workflow.decisions`: a fact-checker's ``confirmed`` / ``rejected`` decisions, kept by finding id;
- :mod:`contradict.workflow.claimreview`: confirmed findings as schema.org ``ClaimReview`` for publishing;
- :mod:`contradict.workflow.render`: a diff in every output format;
- :mod:`contradict.workflow.prompt`: the terminal loop of ``contradict review``.

Example:
    >>> from contradict.workflow.diff import diff_reports
    >>> changes = diff_reports(contradict.read_report("monday.json"), contradict.read_report("tuesday.json"))
    >>> changes.frame.query("status == 'new'")
"""
