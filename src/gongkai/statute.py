"""Every statutory number Gongkai uses, encoded once and cited to its article.

条例 = 《中华人民共和国政府信息公开条例》 (国务院令第711号, revised 2019-04-03, in force 2019-05-15).
Tests in gongkai/core/tests/test_statute.py check each value against ../shared/reference/.
"""

from __future__ import annotations

# --- Disclosure on request (依申请公开) ---------------------------------------------------------
REPLY_WORKING_DAYS = 20  # 条例 Art. 33 ¶1: reply within 20 working days of receipt
EXTENSION_MAX_WORKING_DAYS = 20  # 条例 Art. 33 ¶1: extension at most 20 more working days
CORRECTION_NOTICE_WORKING_DAYS = 7  # 条例 Art. 30: one correction notice within 7 working days
THIRD_PARTY_REPLY_WORKING_DAYS = 15  # 条例 Art. 32: third party answers within 15 working days
CO_MAKER_REPLY_WORKING_DAYS = 15  # 条例 Art. 34: co-making agencies answer within 15 working days
PAPER_ENTRY_WORKING_DAYS = 2  # seed 004 item 8: paper/mail/fax applications entered in 2 days
FEE_PAYMENT_WORKING_DAYS = 20  # 国办函〔2020〕109号: pay within 20 working days of the notice
CONVERT_TO_PROACTIVE_DAYS = 30  # 条例 Art. 44 with seed 004 item 9: publish within 30 days
# 信息处理费 (条例 Art. 42; 国办函〔2020〕109号): 按件 per applicant per calendar month, 按量 per page.
FEE_FREE_APPLICATIONS_PER_MONTH = 10  # 国办函〔2020〕109号 按件: the first 10 a month are free
FEE_PER_PIECE_BANDS = ((10, 0), (30, 100))  # 109号 按件: 11-30: 100 元 each; then +100 per 10
FEE_PER_PIECE_STEP = (10, 100)  # 109号 按件: from 31 on, bands of 10, each 100 元 more
FEE_FREE_PAGES = 30  # 国办函〔2020〕109号 按量: pages 1-30 free
FEE_PER_PAGE_BANDS = ((30, 0), (100, 10), (200, 20), (None, 40))  # 109号 按量: 元/page per band

# --- Proactive disclosure (主动公开) ------------------------------------------------------------
PROACTIVE_PUBLISH_WORKING_DAYS = 20  # 条例 Art. 26: within 20 working days of forming/changing
DIVERSIFIED_INTERPRETATION_MIN_PERCENT = 50  # seed 000/004: 图解/视频/动漫… ≥ 50% of all

# --- Annual report (年度报告) -------------------------------------------------------------------
DEPARTMENT_REPORT_DUE = (1, 31)  # 条例 Art. 49: departments publish by 31 January
GOVERNMENT_REPORT_DUE = (3, 31)  # 条例 Art. 49: the government's own report by 31 March
# The first year an annual report can cover: the original 条例 (国务院令第492号, 2007-04-05)
# came into force on 2008-05-01 (its Art. 38), and with it the annual report (its Art. 31).
FIRST_REPORT_YEAR = 2008

# --- Counting periods ------------------------------------------------------------------------
# Civil Code Art. 201: the starting day is not counted; counting begins the next day.
# Civil Code Art. 203: a period whose last day is a holiday ends on the next working day
# (automatic when counting working days). The start-day choice is settings.GONGKAI_COUNT_START_DAY.
CIVIL_CODE_START_DAY_EXCLUDED = True  # 民法典 Art. 201

ARTICLE_REPLY = "《政府信息公开条例》第三十三条第一款"
ARTICLE_PAUSE = "《政府信息公开条例》第三十三条第二款"
ARTICLE_START_DAY = "《民法典》第二百零一条"
