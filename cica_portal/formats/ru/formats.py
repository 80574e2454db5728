"""Russian: "4 дек. 2026 г.", "4 дек. 2026 г., 19:46" (the usual abbreviated form; May is "мая", never abbreviated).

The abbreviated month is Django's "N" (its AP-style month), which our catalogue translates in the genitive with the
Russian abbreviations (msgctxt "abbrev. month"); the markers below keep those entries in the catalogue when
makemessages runs.
"""

from django.utils.translation import pgettext_lazy

DATE_FORMAT = "j N Y г."
SHORT_DATE_FORMAT = "j N Y г."
DATETIME_FORMAT = "j N Y г., H:i"
SHORT_DATETIME_FORMAT = "j N Y г., H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y г."
MONTH_DAY_FORMAT = "j E"
FIRST_DAY_OF_WEEK = 1

ABBREVIATED_MONTHS = (
    pgettext_lazy("abbrev. month", "Jan."),
    pgettext_lazy("abbrev. month", "Feb."),
    pgettext_lazy("abbrev. month", "March"),
    pgettext_lazy("abbrev. month", "April"),
    pgettext_lazy("abbrev. month", "May"),
    pgettext_lazy("abbrev. month", "June"),
    pgettext_lazy("abbrev. month", "July"),
    pgettext_lazy("abbrev. month", "Aug."),
    pgettext_lazy("abbrev. month", "Sept."),
    pgettext_lazy("abbrev. month", "Oct."),
    pgettext_lazy("abbrev. month", "Nov."),
    pgettext_lazy("abbrev. month", "Dec."),
)
