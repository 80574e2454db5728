"""English: day, abbreviated month, year ("4 Dec 2026", "4 Dec 2026, 19:46"): no month/day order to guess, as
readers of an international body come from both conventions. Short and long forms are the same on purpose."""

DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
FIRST_DAY_OF_WEEK = 1  # Monday, as in the member states' calendars
