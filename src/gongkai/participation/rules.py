"""The numbers that govern public participation, each encoded once with its source.

713号 = 《重大行政决策程序暂行条例》 (国务院令第713号, in force 2019-09-01).
Seeds = the local work plans in ../shared/seeds/ (002: the district's 2026 要点 table; 004: the
city's 考核 items). Where a line says "configurable", the default is here and a unit's own value
is kept in ``UnitTarget`` (see services.unit_target_set).
"""

from __future__ import annotations

# 713号 Art. 14: the consultation on a draft lasts, as a rule, not less than 30 days; a shorter
# period must give its reason when the consultation opens.
CONSULTATION_MIN_DAYS = 30
ARTICLE_CONSULTATION = "《重大行政决策程序暂行条例》第十四条"

# Seed 002 row 23, seed 004 item 22: the collection and adoption of opinions (with the reasons
# concentrated opinions were not adopted) is public within 10 working days after the decision
# document is published. Counted on the working-day calendar, the publication day not counted
# (民法典 Art. 201, as every period in Gongkai).
ADOPTION_REPORT_WORKING_DAYS = 10
SOURCE_ADOPTION_REPORT = "示范区政务公开工作要点第23项、考核细则第22项"

# Seed 002 row 20: the year's 重大行政决策事项目录 is public by 31 March.
CATALOGUE_DUE = (3, 31)
SOURCE_CATALOGUE = "示范区政务公开工作要点第20项"

# Seed 002 row 24: public representatives attend the body's decision meetings at least 4 times a
# year (configurable per unit).
REPRESENTATIVE_MEETINGS_TARGET = 4
SOURCE_MEETINGS = "示范区政务公开工作要点第24项"

# Seed 004 item 25: at least one government open activity a year; seed 002 row 30: topics chosen
# through public consultation; seed 002 row 31: the city's 开放月 is August.
OPEN_ACTIVITIES_TARGET = 1
SOURCE_OPEN_ACTIVITIES = "考核细则第25项"
OPEN_MONTH = 8

# Due-soon warning in the to-do list: this many working days before a due date (a house choice,
# not a rule).
DUE_SOON_WORKING_DAYS = 3
