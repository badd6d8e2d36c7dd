"""Loyalty Lab in other languages (issue 13: the Chinese edition).

- :mod:`sim.i18n.book`: the book's gettext catalogues (``book/locales``) and the
  build of its translated editions (``_build/html/zh``);
- :mod:`sim.i18n.fonts`: the vendored CJK font for matplotlib figures;
- :mod:`sim.i18n.validation`: the validation report's summary and tables in
  Chinese (the model appendix), :mod:`sim.i18n.presets`: chapter 8's preset
  table in both languages, :mod:`sim.i18n.templates`: the sentence matcher
  they share (a generated English sentence -> its Chinese, same numbers).

A subpackage on purpose: the validation report is keyed on the top-level
modules of ``sim`` (``sim.validation.report.report_key``), which this code
does not change.
"""
