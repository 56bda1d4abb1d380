"""Chinese pages (decision 0018). Only what differs from or pins Django's zh_Hans formats;
input formats come from Django's.

Long form: 年、月、日 written in full with Arabic numerals, month and day without a leading zero
(GB/T 9704-2012 7.3.5.3: 成文日期……用阿拉伯数字将年、月、日标全，年份应标全称，月、日不编虚位).
Short form for table columns: ISO 8601 / GB/T 7408 extended format.
"""

DATE_FORMAT = "Y年n月j日"  # 2026年12月6日
DATETIME_FORMAT = "Y年n月j日 H:i"  # 2026年12月6日 14:05
TIME_FORMAT = "H:i"  # 14:05
YEAR_MONTH_FORMAT = "Y年n月"  # 2026年12月
MONTH_DAY_FORMAT = "n月j日"  # 12月6日 (Django's own is "m月j日": 09月5日, a 虚位)
SHORT_DATE_FORMAT = "Y-m-d"  # 2026-12-06
SHORT_DATETIME_FORMAT = "Y-m-d H:i"  # 2026-12-06 14:05
