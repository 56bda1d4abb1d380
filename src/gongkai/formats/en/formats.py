"""English pages (decision 0018): the day-month-year long form of British and international
English, the 24-hour clock of Beijing time, and ISO 8601 in table columns, as on Chinese pages.
Input formats come from Django's."""

DATE_FORMAT = "j F Y"  # 6 December 2026
DATETIME_FORMAT = "j F Y, H:i"  # 6 December 2026, 14:05
TIME_FORMAT = "H:i"  # 14:05
YEAR_MONTH_FORMAT = "F Y"  # December 2026
MONTH_DAY_FORMAT = "j F"  # 6 December
SHORT_DATE_FORMAT = "Y-m-d"  # 2026-12-06
SHORT_DATETIME_FORMAT = "Y-m-d H:i"  # 2026-12-06 14:05
