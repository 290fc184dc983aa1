"""Table-driven tests of the temporal tagger, grouped by rule family, plus contract and evaluator tests.

Each case: (sentence, anchor, expected) where expected is (text, start, end, granularity) for the one match
the sentence must contain, or None when the sentence must contain no match at all. Unless a case says
otherwise the anchor is Friday 2 December 2022.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.records import TimeMatch
from dateline.temporal import tag_dates

A = date(2022, 12, 2)  # a Friday
D = date.fromisoformat
Expected = tuple[str, str | None, str | None, str | None] | None
Case = tuple[str, date | None, Expected]

ABSOLUTE: list[Case] = [
    ("The deal was signed on 3 December 2021 in Paris.", A, ("3 December 2021", "2021-12-03", "2021-12-03", "day")),
    ("It happened on December 3, 2021, officials said.", A, ("December 3, 2021", "2021-12-03", "2021-12-03", "day")),
    ("On Dec. 3, 2021 the firm collapsed.", A, ("Dec. 3, 2021", "2021-12-03", "2021-12-03", "day")),
    ("The file was released 2021-12-03 at noon.", A, ("2021-12-03", "2021-12-03", "2021-12-03", "day")),
    ("He arrived on the 3rd of December 2021.", A, ("the 3rd of December 2021", "2021-12-03", "2021-12-03", "day")),
    ("Results for the period ended Sept. 30, 1989 were weak.", A,
     ("Sept. 30, 1989", "1989-09-30", "1989-09-30", "day")),
    ("The form was dated 12/03/2021 by the clerk.", A, ("12/03/2021", "2021-12-03", "2021-12-03", "day")),
    ("The form was dated 03.12.2021 by the clerk.", A, ("03.12.2021", "2021-12-03", "2021-12-03", "day")),
    ("Sales fell in December 2021.", A, ("December 2021", "2021-12-01", "2021-12-31", "month")),
    ("The company was founded in July 1997.", A, ("July 1997", "1997-07-01", "1997-07-31", "month")),
    ("WASHINGTON, DECEMBER 3, 2021 - The Senate voted.", A,
     ("DECEMBER 3, 2021", "2021-12-03", "2021-12-03", "day")),
    ("The summit ran Dec. 3-5, 2021 in Rome.", A, ("Dec. 3-5, 2021", "2021-12-03", "2021-12-05", "day")),
    ("Profit rose in fiscal 1989 as sales grew.", A, ("fiscal 1989", "1989-01-01", "1989-12-31", "year")),
    ("People feared the year 2000 would break computers.", A,
     ("the year 2000", "2000-01-01", "2000-12-31", "year")),
    ("He left the country in nineteen ninety-six for good.", A,
     ("nineteen ninety-six", "1996-01-01", "1996-12-31", "year")),
    ("It was January nineteen ninety-seven when it began.", A,
     ("January nineteen ninety-seven", "1997-01-01", "1997-01-31", "month")),
    ("The law took effect on Jan. 1, 1990.", A, ("Jan. 1, 1990", "1990-01-01", "1990-01-01", "day")),
    ("The record was set on 24 February 2022.", A, ("24 February 2022", "2022-02-24", "2022-02-24", "day")),
    ("The sale closed Nov. 1, 2004, the filing said.", A, ("Nov. 1, 2004", "2004-11-01", "2004-11-01", "day")),
    ("Trading resumed on 2022-02-24T09:30 in Moscow.", A,
     ("2022-02-24T09:30", "2022-02-24", "2022-02-24", "day")),
]

YEARLESS: list[Case] = [
    ("The vote took place on December 1.", A, ("December 1", "2022-12-01", "2022-12-01", "day")),
    ("The vote took place on 1 December.", A, ("1 December", "2022-12-01", "2022-12-01", "day")),
    ("Russia invaded on February 24th.", A, ("February 24th", "2022-02-24", "2022-02-24", "day")),
    ("The hearing is on Dec. 20.", A, ("Dec. 20", "2022-12-20", "2022-12-20", "day")),
    ("The strike began on May 20, union leaders said.", D("2022-03-01"), ("May 20", "2021-05-20", "2021-05-20", "day")),
    ("The fire started on December 28.", D("2023-01-10"), ("December 28", "2022-12-28", "2022-12-28", "day")),
    ("The talks will resume in October.", A, ("October", "2023-10-01", "2023-10-31", "month")),
    ("Prices rose in October.", A, ("October", "2022-10-01", "2022-10-31", "month")),
    ("Parliament dissolved in January.", D("2022-02-10"), ("January", "2022-01-01", "2022-01-31", "month")),
    ("The plant closed in December.", D("2022-02-10"), ("December", "2021-12-01", "2021-12-31", "month")),
    ("The dividend is payable Jan. 2 to holders.", A, ("Jan. 2", "2023-01-02", "2023-01-02", "day")),
    ("The storm hit in June last year.", A, ("June last year", "2021-06-01", "2021-06-30", "month")),
    ("He was freed in August of last year.", A, ("August of last year", "2021-08-01", "2021-08-31", "month")),
    ("The unit opened in March this year.", A, ("March this year", "2022-03-01", "2022-03-31", "month")),
    ("We started this journey on June 16th of last year.", A,
     ("June 16th of last year", "2021-06-16", "2021-06-16", "day")),
    ("It ends on 5 May next year.", A, ("5 May next year", "2023-05-05", "2023-05-05", "day")),
    ("Who would have believed it when we began on June 16?", D("2016-10-02"),
     ("June 16", "2016-06-16", "2016-06-16", "day")),
    ("Officials met in May to discuss it.", A, ("May", "2022-05-01", "2022-05-31", "month")),
    ("The loan must be repaid by February.", A, ("February", "2023-02-01", "2023-02-28", "month")),
    ("By April, the troops had left.", A, ("April", "2022-04-01", "2022-04-30", "month")),
    ("The debt must be repaid by April.", A, ("April", "2023-04-01", "2023-04-30", "month")),
    ("Thirty states had filed reports by Wednesday.", A, ("Wednesday", "2022-11-30", "2022-11-30", "day")),
    ("Troops left by March, the report said.", A, ("March", "2022-03-01", "2022-03-31", "month")),
]

WEEKDAY_DATES: list[Case] = [
    ("The match is on Saturday, December 3.", A, ("Saturday, December 3", "2022-12-03", "2022-12-03", "day")),
    # 3 December 2022 is a Saturday; a Friday 3 December is 2021, the nearest consistent year.
    ("He spoke on Friday, December 3.", A, ("Friday, December 3", "2021-12-03", "2021-12-03", "day")),
    ("It opened Friday, Oct. 23, to crowds.", D("1998-10-26"), ("Friday, Oct. 23", "1998-10-23", "1998-10-23", "day")),
    ("It rained on Thursday, April 6.", D("2000-04-10"), ("Thursday, April 6", "2000-04-06", "2000-04-06", "day")),
]

WEEKDAYS: list[Case] = [
    ("The minister said on Thursday that talks failed.", A, ("Thursday", "2022-12-01", "2022-12-01", "day")),
    ("The minister said on Friday that talks failed.", A, ("Friday", "2022-12-02", "2022-12-02", "day")),
    ("The leaders will meet on Monday in Brussels.", A, ("Monday", "2022-12-05", "2022-12-05", "day")),
    ("Police arrived Friday morning at the scene.", A, ("Friday morning", "2022-12-02", "2022-12-02", "day")),
    ("Shots were fired late Saturday night downtown.", A,
     ("late Saturday night", "2022-11-26", "2022-11-26", "day")),
    ("The bill passed last Tuesday after a long debate.", A, ("last Tuesday", "2022-11-29", "2022-11-29", "day")),
    ("Doors open this Friday for the public.", A, ("this Friday", "2022-12-02", "2022-12-02", "day")),
    ("The team plays next Monday against Chile.", A, ("next Monday", "2022-12-05", "2022-12-05", "day")),
    ("The Senate is expected to vote on Wednesday.", A, ("Wednesday", "2022-12-07", "2022-12-07", "day")),
    ("Voters went to the polls Sunday in large numbers.", A, ("Sunday", "2022-11-27", "2022-11-27", "day")),
    ("The talks are scheduled for Tuesday in Geneva.", A, ("Tuesday", "2022-12-06", "2022-12-06", "day")),
    ("After Wednesday's vote, markets fell.", A, ("Wednesday's", "2022-11-30", "2022-11-30", "day")),
    ("The firm said Tuesday it will cut jobs.", A, ("Tuesday", "2022-11-29", "2022-11-29", "day")),
    ("The strike ends on Monday, the union said.", D("2022-12-05"), ("Monday", "2022-12-05", "2022-12-05", "day")),
    ("The ceasefire began at noon Saturday local time.", A,
     ("at noon Saturday", "2022-11-26", "2022-11-26", "day")),
    ("He was released Thursday evening.", A, ("Thursday evening", "2022-12-01", "2022-12-01", "day")),
    ("The parade is set to start Saturday.", A, ("Saturday", "2022-12-03", "2022-12-03", "day")),
    ("Officials have given the family until 9 a.m. Tuesday to sign.", A,
     ("9 a.m. Tuesday", "2022-12-06", "2022-12-06", "day")),
    ("The guests stayed until Tuesday.", A, ("Tuesday", "2022-11-29", "2022-11-29", "day")),
    ("The vote was held this past Sunday.", A, ("this past Sunday", "2022-11-27", "2022-11-27", "day")),
]

DEICTIC: list[Case] = [
    ("The court ruled today on the appeal.", A, ("today", "2022-12-02", "2022-12-02", "day")),
    ("The court ruled yesterday on the appeal.", A, ("yesterday", "2022-12-01", "2022-12-01", "day")),
    ("The court rules tomorrow on the appeal.", A, ("tomorrow", "2022-12-03", "2022-12-03", "day")),
    ("Today's vote was close.", A, ("Today", "2022-12-02", "2022-12-02", "day")),
    ("This Week, the markets fell.", A, ("This Week", "2022-11-28", "2022-12-04", "week")),
    ("The president speaks tonight.", A, ("tonight", "2022-12-02", "2022-12-02", "day")),
    ("The fire broke out this morning.", A, ("this morning", "2022-12-02", "2022-12-02", "day")),
    ("The fire broke out last night.", A, ("last night", "2022-12-01", "2022-12-01", "day")),
    ("The fire broke out yesterday afternoon.", A, ("yesterday afternoon", "2022-12-01", "2022-12-01", "day")),
    ("Markets are calm now.", A, ("now", None, None, None)),
    ("The firm recently hired him.", A, ("recently", None, None, None)),
    ("Nobody knows what the future holds.", A, ("the future", None, None, None)),
    ("It is currently closed.", A, ("currently", None, None, None)),
    ("They met late yesterday in Kyiv.", A, ("late yesterday", "2022-12-01", "2022-12-01", "day")),
]

RELATIVE: list[Case] = [
    ("Prices rose last week.", A, ("last week", "2022-11-21", "2022-11-27", "week")),
    ("Prices rose this week.", A, ("this week", "2022-11-28", "2022-12-04", "week")),
    ("Talks resume next week.", A, ("next week", "2022-12-05", "2022-12-11", "week")),
    ("Prices rose last month.", A, ("last month", "2022-11-01", "2022-11-30", "month")),
    ("Prices rose this month.", A, ("this month", "2022-12-01", "2022-12-31", "month")),
    ("Talks resume next month.", A, ("next month", "2023-01-01", "2023-01-31", "month")),
    ("Prices rose last year.", A, ("last year", "2021-01-01", "2021-12-31", "year")),
    ("Prices rose this year.", A, ("this year", "2022-01-01", "2022-12-31", "year")),
    ("Elections are due next year.", A, ("next year", "2023-01-01", "2023-12-31", "year")),
    ("He resigned earlier this week.", A, ("earlier this week", "2022-11-28", "2022-12-02", "week")),
    ("He resigned earlier in the week.", A, ("earlier in the week", "2022-11-28", "2022-12-02", "week")),
    ("A ruling is due later this month.", A, ("later this month", "2022-12-02", "2022-12-31", "month")),
    ("Fighting intensified over the past few weeks.", A,
     ("the past few weeks", "2022-11-12", "2022-12-02", "week")),
    ("Shelling increased in recent days.", A, ("in recent days", "2022-11-30", "2022-12-02", "day")),
    ("Sales doubled in the past two years.", A, ("the past two years", "2020-12-03", "2022-12-02", "year")),
    ("Sales rose over the past year.", A, ("the past year", "2021-12-03", "2022-12-02", "year")),
    ("Aid will flow over the next two weeks.", A, ("the next two weeks", "2022-12-02", "2022-12-15", "week")),
    ("Sales are up 4% so far this year.", A, ("so far this year", "2022-01-01", "2022-12-02", "year")),
    ("Output will fall for the rest of the year.", A, ("the rest of the year", "2022-12-02", "2022-12-31", "year")),
    ("Rallies took place last weekend.", A, ("last weekend", "2022-11-26", "2022-11-27", "week")),
    ("Rallies are planned this weekend.", A, ("this weekend", "2022-12-03", "2022-12-04", "week")),
    ("Rallies took place over the weekend.", A, ("the weekend", "2022-11-26", "2022-11-27", "week")),
    ("The agency was created last decade.", A, ("last decade", "2010-01-01", "2019-12-31", "decade")),
    ("Growth slowed in the current quarter.", A, ("the current quarter", "2022-10-01", "2022-12-31", "quarter")),
    ("Growth slowed last quarter.", A, ("last quarter", "2022-07-01", "2022-09-30", "quarter")),
    ("The dam was built this century.", A, ("this century", "2000-01-01", "2099-12-31", "century")),
]

AGO: list[Case] = [
    ("The law passed a year ago.", A, ("a year ago", "2021-01-01", "2021-12-31", "year")),
    ("The law passed two weeks ago.", A, ("two weeks ago", "2022-11-14", "2022-11-20", "week")),
    ("The law passed three days ago.", A, ("three days ago", "2022-11-29", "2022-11-29", "day")),
    ("The law passed five years ago.", A, ("five years ago", "2017-01-01", "2017-12-31", "year")),
    ("The law passed a decade ago.", A, ("a decade ago", "2010-01-01", "2019-12-31", "decade")),
    ("The law passed 10 days ago.", A, ("10 days ago", "2022-11-22", "2022-11-22", "day")),
    ("The law passed nearly two months ago.", A, ("nearly two months ago", "2022-10-01", "2022-10-31", "month")),
    ("The vote is two days from now.", A, ("two days from now", "2022-12-04", "2022-12-04", "day")),
    ("The plant shut a week or so ago.", A, ("a week or so ago", "2022-11-21", "2022-11-27", "week")),
]

PARTS: list[Case] = [
    ("Talks collapsed in mid-November.", A, ("mid-November", "2022-11-11", "2022-11-20", "month")),
    ("Talks collapsed in early December.", A, ("early December", "2022-12-01", "2022-12-10", "month")),
    ("Talks collapsed in late November.", A, ("late November", "2022-11-21", "2022-11-30", "month")),
    ("Talks collapsed in early 2022.", A, ("early 2022", "2022-01-01", "2022-04-30", "year")),
    ("The plant opened in mid-1996.", A, ("mid-1996", "1996-05-01", "1996-08-31", "year")),
    ("A deal is expected by the end of the year.", A,
     ("the end of the year", "2022-09-01", "2022-12-31", "year")),
    ("It began at the beginning of 2021.", A, ("the beginning of 2021", "2021-01-01", "2021-04-30", "year")),
    ("Sales rose in the first half of 2021.", A, ("the first half of 2021", "2021-01-01", "2021-06-30", "year")),
    ("The band formed in the late 1990s.", A, ("late 1990s", "1996-09-01", "1999-12-31", "decade")),
    ("Rents are due by the end of the month.", A,
     ("the end of the month", "2022-12-21", "2022-12-31", "month")),
    ("It was built in the mid-1990s.", A, ("mid-1990s", "1993-05-01", "1996-08-31", "decade")),
    ("He retired at the end of November 2021.", A,
     ("the end of November 2021", "2021-11-21", "2021-11-30", "month")),
    ("The pact was signed in late March.", A, ("late March", "2022-03-21", "2022-03-31", "month")),
]

SEASONS: list[Case] = [
    ("Prices soared last summer.", A, ("last summer", "2022-06-01", "2022-08-31", "season")),
    ("Gas may run short this winter.", A, ("this winter", "2022-12-01", "2023-02-28", "season")),
    ("The offensive began in the spring.", A, ("spring", "2022-03-01", "2022-05-31", "season")),
    ("The drought of summer 2021 was severe.", A, ("summer 2021", "2021-06-01", "2021-08-31", "season")),
    ("It snowed all through winter 2021.", A, ("winter 2021", "2021-12-01", "2022-02-28", "season")),
    ("The regime ended in the fall of 2019.", A, ("fall of 2019", "2019-09-01", "2019-11-30", "season")),
    ("Elections are due next spring.", A, ("next spring", "2023-03-01", "2023-05-31", "season")),
    ("It was the winter of nineteen ninety-four.", A,
     ("winter of nineteen ninety-four", "1994-12-01", "1995-02-28", "season")),
    ("The fleet sailed in autumn 1914.", A, ("autumn 1914", "1914-09-01", "1914-11-30", "season")),
]

QUARTERS: list[Case] = [
    ("Profit fell in the third quarter.", A, ("third quarter", "2022-07-01", "2022-09-30", "quarter")),
    ("Profit fell in the fourth quarter of 2021.", A,
     ("fourth quarter of 2021", "2021-10-01", "2021-12-31", "quarter")),
    ("Profit fell in Q3, the firm said.", A, ("Q3", "2022-07-01", "2022-09-30", "quarter")),
    ("Profit fell in Q4 2021.", A, ("Q4 2021", "2021-10-01", "2021-12-31", "quarter")),
    ("Third-quarter profit fell 5%.", A, ("Third-quarter", "2022-07-01", "2022-09-30", "quarter")),
    ("Revenue in this year's third quarter rose.", A,
     ("this year's third quarter", "2022-07-01", "2022-09-30", "quarter")),
    ("That compares with the 1988 third quarter.", A,
     ("1988 third quarter", "1988-07-01", "1988-09-30", "quarter")),
    ("Sales slumped in the fiscal first quarter of 2020.", A,
     ("fiscal first quarter of 2020", "2020-01-01", "2020-03-31", "quarter")),
]

CONTEXT: list[tuple[str, date, str, Expected]] = [
    # earnings reports: "a year earlier" and "the year-ago period" follow the quarter under discussion
    ("Net income rose in the third quarter. A year earlier, it fell.", A, "A year earlier",
     ("A year earlier", "2021-07-01", "2021-09-30", "quarter")),
    ("Net income rose in the third quarter, up from the year-earlier period.", A, "the year-earlier period",
     ("the year-earlier period", "2021-07-01", "2021-09-30", "quarter")),
    ("Revenue rose in the second quarter of 2021. The quarter was strong.", A, "The quarter",
     ("The quarter", "2021-04-01", "2021-06-30", "quarter")),
    ("The plant opened on March 3, 2020. Two days later it closed.", A, "Two days later",
     ("Two days later", "2020-03-05", "2020-03-05", "day")),
    ("Profit rose in the third quarter, against the corresponding period last year.", A,
     "the corresponding period last year", ("the corresponding period last year", "2021-07-01", "2021-09-30", "quarter")),
    ("Sales rose in the third quarter from the 2020 period.", A, "the 2020 period",
     ("the 2020 period", "2020-07-01", "2020-09-30", "quarter")),
    ("Profit fell in the second quarter, below the quarter a year ago.", A, "the quarter a year ago",
     ("the quarter a year ago", "2021-04-01", "2021-06-30", "quarter")),
    ("Sales rose in the third quarter, above last year's quarter.", A, "last year's quarter",
     ("last year's quarter", "2021-07-01", "2021-09-30", "quarter")),
    # narrative reference: "the following year" counts from the date expression before it
    ("The plant opened in 2019 and was repaired the following year.", A, "the following year",
     ("the following year", "2020-01-01", "2020-12-31", "year")),
    ("Talks failed on March 3, 2021. The previous Friday, hopes were high.", A, "The previous Friday",
     ("The previous Friday", "2021-02-26", "2021-02-26", "day")),
    ("The storm hit on Oct. 12, 2021. The next morning, roads were shut.", A, "The next morning",
     ("The next morning", "2021-10-13", "2021-10-13", "day")),
    ("The storm hit on Oct. 12, 2021 and power failed that same day.", A, "that same day",
     ("that same day", "2021-10-12", "2021-10-12", "day")),
    ("Power failed that day, officials said.", A, "that day", ("that day", None, None, None)),
]

YEARS: list[Case] = [
    ("The treaty was signed in 2014.", A, ("2014", "2014-01-01", "2014-12-31", "year")),
    ("1962’s crisis nearly ended the world.", A, ("1962’s", "1962-01-01", "1962-12-31", "year")),
    ("Music of the 1990s is back.", A, ("1990s", "1990-01-01", "1999-12-31", "decade")),
    ("Music of the '90s is back.", A, ("'90s", "1990-01-01", "1999-12-31", "decade")),
    ("Music of the nineties is back.", A, ("the nineties", "1990-01-01", "1999-12-31", "decade")),
    ("It shaped the 20th century.", A, ("20th century", "1900-01-01", "1999-12-31", "century")),
    ("It will shape the twenty-first century.", A, ("twenty-first century", "2000-01-01", "2099-12-31", "century")),
    ("It started in the 1980s.", A, ("1980s", "1980-01-01", "1989-12-31", "decade")),
    ("The 11th century saw the conquest.", A, ("11th century", "1000-01-01", "1099-12-31", "century")),
    ("Debt will be cut by year-end.", A, ("year-end", "2022-09-01", "2022-12-31", "year")),
]

RANGES: list[Case] = [
    ("He served from 2009 to 2014.", A, ("from 2009 to 2014", "2009-01-01", "2014-12-31", "year")),
    ("Rain fell between March and May.", A, ("between March and May", "2022-03-01", "2022-05-31", "month")),
    ("Prices doubled between 1994 and 1997.", A, ("between 1994 and 1997", "1994-01-01", "1997-12-31", "year")),
    ("Talks ran from Monday to Wednesday.", A, ("from Monday to Wednesday", "2022-11-28", "2022-11-30", "day")),
    ("Prices have risen since October.", A, ("since October", "2022-10-01", "2022-12-02", "month")),
    ("Prices have risen since 2009.", A, ("since 2009", "2009-01-01", "2022-12-02", "year")),
    ("Prices have risen since Monday.", A, ("since Monday", "2022-11-28", "2022-12-02", "day")),
    ("Shops open Monday through Friday.", A, ("Monday through Friday", "2022-11-28", "2022-12-02", "day")),
    ("The fair runs March 3-5, 2021.", A, ("March 3-5, 2021", "2021-03-03", "2021-03-05", "day")),
    ("Sales rose from January to March 2021.", A, ("from January to March 2021", "2021-01-01", "2021-03-31", "month")),
    ("It snowed between December and February.", D("2000-02-24"),
     ("between December and February", "1999-12-01", "2000-02-29", "month")),
    ("Talks ran Monday to Wednesday.", A, ("Monday to Wednesday", "2022-11-28", "2022-11-30", "day")),
    ("The trial opens the week of March 6.", D("2000-02-24"), ("the week of March 6", "2000-03-06", "2000-03-12", "week")),
]

ANCHORED: list[Case] = [
    ("He resigned two days after December 1.", A, ("two days after December 1", "2022-12-03", "2022-12-03", "day")),
    ("He resigned a day after Biden's remarks.", A, ("a day after", None, None, None)),
    ("Polls closed two weeks before the election.", A, ("two weeks before", None, None, None)),
    ("It reopened three weeks after Jan. 5, 2021.", A,
     ("three weeks after Jan. 5, 2021", "2021-01-26", "2021-01-26", "day")),
    ("It was repaired the following year.", A, ("the following year", None, None, None)),
    ("She left the previous Friday.", A, ("the previous Friday", None, None, None)),
    ("The day before last Tuesday's hearing, he fled.", A,
     ("The day before last Tuesday's", "2022-11-28", "2022-11-28", "day")),
    ("He rested the day before the vote.", A, ("the day before", None, None, None)),
]

HOLIDAYS: list[Case] = [
    ("Shops close on Christmas Day.", A, ("Christmas Day", "2022-12-25", "2022-12-25", "day")),
    ("Families gathered at Thanksgiving.", A, ("Thanksgiving", "2022-11-24", "2022-11-24", "day")),
    ("Turnout on Election Day 2020 was high.", A, ("Election Day 2020", "2020-11-03", "2020-11-03", "day")),
    ("Pilgrims came for Easter 2021.", A, ("Easter 2021", "2021-04-04", "2021-04-04", "day")),
    ("It rained last Christmas.", A, ("last Christmas", "2021-12-25", "2021-12-25", "day")),
    ("Rome was packed in Easter week.", D("2000-04-17"), ("Easter week", "2000-04-17", "2000-04-23", "week")),
]

NEGATIVES: list[Case] = [
    ("Theresa May said the plan would work.", A, None),
    ("She may go to the meeting.", A, None),
    ("May I ask a question?", A, None),
    ("They joined the march on Washington.", A, None),
    ("They will march to the capitol.", A, None),
    ("The Sun reported the story first.", A, None),
    ("The album sold 100M copies.", A, None),
    ("The office is at 12 Wed Street.", A, None),
    ("He served with the 3rd Battalion.", A, None),
    ("The train left at 8:57 sharp.", A, None),
    ("He lived there for two years.", A, None),
    ("It took three weeks to finish.", A, None),
    ("The crowd numbered 2,014 people.", A, None),
    ("Call 555-2014 for details.", A, None),
    ("The ticket cost $2014 in all.", A, None),
    ("He fought in the Second World War.", A, None),
    ("He fought in World War Two.", A, None),
    ("The Sunday Times reported the story.", A, None),
    ("He walked with a spring in his step.", A, None),
    ("Prices fall sharply in a crisis.", A, None),
    ("He recalled the fall of the Berlin Wall.", A, None),
    ("She is in her nineties.", A, None),
    ("March Madness begins soon.", A, None),
    ("Some 1,500 troops were sent.", A, None),
    ("Growth was 3.5 percent.", A, None),
    ("He signed the Good Friday Agreement.", A, None),
    ("Prime Minister May met the king.", A, None),
    ("The bus seats 48 and costs 2014 euros.", A, None),
    ("He told the BBC's Today programme he was sorry.", A, None),
    ("USA Today reported it first.", A, None),
    ("They sold Christmas trees from Oregon.", A, None),
    ("It is a lesson for today's youth.", A, None),
    ("He spoke of the people of tomorrow.", A, None),
    ('He said on ABC\'s "This Week" that it was over.', A, None),
    ("The quarter-to-quarter comparison was weak.", A, None),
]

FAMILIES = {
    "absolute": ABSOLUTE, "yearless": YEARLESS, "weekday_dates": WEEKDAY_DATES, "weekdays": WEEKDAYS,
    "deictic": DEICTIC, "relative": RELATIVE, "ago": AGO, "parts": PARTS, "seasons": SEASONS,
    "quarters": QUARTERS, "years": YEARS, "ranges": RANGES, "anchored": ANCHORED, "holidays": HOLIDAYS,
    "negatives": NEGATIVES,
}
ALL_CASES = [(family, *case) for family, cases in FAMILIES.items() for case in cases]


def _as_tuple(m: TimeMatch) -> tuple[str, str | None, str | None, str | None]:
    return (m.text, m.start.isoformat() if m.start else None, m.end.isoformat() if m.end else None,
            m.granularity)


def test_case_count() -> None:
    assert len(ALL_CASES) + len(CONTEXT) >= 150


@pytest.mark.parametrize(("family", "sentence", "anchor", "expected"), ALL_CASES,
                         ids=[f"{c[0]}:{c[1][:40]}" for c in ALL_CASES])
def test_rule(family: str, sentence: str, anchor: date | None, expected: Expected) -> None:
    found = tag_dates(sentence, anchor)
    if expected is None:
        assert found == [], f"expected no match in {sentence!r}, got {[m.text for m in found]}"
        return
    assert [_as_tuple(m) for m in found] == [expected]


@pytest.mark.parametrize(("sentence", "anchor", "text", "expected"), CONTEXT)
def test_document_context(sentence: str, anchor: date, text: str, expected: Expected) -> None:
    found = {m.text: _as_tuple(m) for m in tag_dates(sentence, anchor)}
    assert found.get(text) == expected


def test_no_range_across_mixed_granularity_without_from() -> None:
    assert [m.text for m in tag_dates("He revised Friday to December figures.", A)] == ["Friday", "December"]


def test_weekday_contradiction_is_noted() -> None:
    # 3 December 2022 is a Saturday; no year next to 2022 has a Monday 3 December, so keep it and say so
    # (a clause with no tense cue: "They met ..." would read as past and pick 2021, also not a Monday)
    (m,) = tag_dates("The meeting is on Monday, December 3.", A)
    assert (m.start, m.end) == (date(2022, 12, 3), date(2022, 12, 3))
    assert "weekday contradicts date" in m.note
    (m,) = tag_dates("They met on Monday, Dec. 3, 2022.", A)
    assert m.start == date(2022, 12, 3) and "weekday contradicts date" in m.note
    (m,) = tag_dates("The match is on Saturday, December 3.", A)
    assert "contradict" not in m.note


def test_basis_values() -> None:
    by_text = {m.text: m for m in tag_dates("On 3 December 2021 and on Thursday and on May 5, 2020 and "
                                            "on December 1 it rained.", A)}
    assert by_text["3 December 2021"].basis == "absolute"
    assert by_text["Thursday"].basis == "relative"
    assert by_text["May 5, 2020"].basis == "absolute"
    assert by_text["December 1"].basis == "inferred"


NO_ANCHOR = [
    "The talks ended on Thursday.", "The talks ended on December 3.", "The talks ended last week.",
    "The talks ended two weeks ago.", "The talks end tomorrow.", "The talks ended in mid-November.",
    "Talks ended in the third quarter.", "The talks ended this morning.", "Sales rose since October.",
]


@pytest.mark.parametrize("sentence", NO_ANCHOR)
def test_no_anchor_leaves_relative_unresolved(sentence: str) -> None:
    found = tag_dates(sentence, None)
    assert len(found) == 1
    (m,) = found
    assert (m.start, m.end, m.basis) == (None, None, "unresolved")


def test_no_anchor_still_resolves_absolute() -> None:
    (m,) = tag_dates("The deal was signed on 3 December 2021.", None)
    assert (m.start, m.basis) == (date(2021, 12, 3), "absolute")
    (m,) = tag_dates("It happened in 2014.", None)
    assert (m.start, m.end) == (date(2014, 1, 1), date(2014, 12, 31))


def _check_invariants(text: str, found: list[TimeMatch]) -> None:
    last_end = -1
    for m in found:
        assert text[m.char_start:m.char_end] == m.text
        assert m.char_start >= last_end
        assert m.char_start < m.char_end
        last_end = m.char_end
        if m.basis == "unresolved":
            assert m.start is None and m.end is None
        else:
            assert m.start is not None and m.end is not None and m.start <= m.end


@pytest.mark.parametrize("tail", ["", " İstanbul on Friday"])  # "İ" lengthens lower(): the other scan path
def test_trigger_scan_misses_no_rule(tail: str) -> None:
    """The fast scan (regex tried only at trigger words) must find what trying every position finds."""
    from dateline.temporal.patterns import MASTER
    from dateline.temporal.tagger import _candidates

    text = " ".join(c[1] for c in ALL_CASES) + " " + " ".join(c[0] for c in CONTEXT) + tail
    fast = [(m.start(), m.end()) for m in _candidates(text)]
    slow = [(m.start(), m.end()) for m in MASTER.finditer(text) if m.end() > m.start()]
    assert fast == slow


def test_offsets_are_exact() -> None:
    text = ("Ünïcödé 🎉 first: the minister said on Thursday — “late Saturday night” — that from 2009 to 2014 "
            "and since October, and on Dec. 3, 2021, prices doubled; a year ago\tthey fell.\n"
            "Next week, 12/03/2021, Q3 and the '90s.")
    found = tag_dates(text, A)
    _check_invariants(text, found)
    texts = [m.text for m in found]
    assert texts == ["Thursday", "late Saturday night", "from 2009 to 2014", "since October", "Dec. 3, 2021",
                     "a year ago", "Next week", "12/03/2021", "Q3", "'90s"]


def test_offsets_when_lower_casing_changes_length() -> None:
    text = "İİİ İstanbul: talks ended on Friday, İzmir officials said last week."
    found = tag_dates(text, A)
    _check_invariants(text, found)
    assert [m.text for m in found] == ["Friday", "last week"]


def test_tokenised_text() -> None:
    text = "BP said on Thursday , May 20 , that the well leaked in April 2010 . ``Today '' it said ."
    found = tag_dates(text, date(2010, 5, 21))
    _check_invariants(text, found)
    assert [m.text for m in found] == ["Thursday , May 20", "April 2010", "Today"]
    assert found[0].start == date(2010, 5, 20)


@pytest.mark.parametrize("bad", ["", "9999-99-99", "Feb. 30, 2021", "31/02/2021", "0000-00-00", "Q9",
                                 "the 99th century", "February 29, 2021", "32 December", "x" * 5000,
                                 "in 1000 BC", "\x00\ud7ff", "Dec. 31, 9999 and two days after Dec. 31, 9999"])
def test_never_raises_on_odd_input(bad: str) -> None:
    _check_invariants(bad, tag_dates(bad, A))
    _check_invariants(bad, tag_dates(bad, None))
    _check_invariants(bad, tag_dates(bad, date(9999, 12, 31)))
    _check_invariants(bad, tag_dates(bad, date(1, 1, 1)))


def test_non_string_input() -> None:
    assert tag_dates(None, A) == []  # type: ignore[arg-type]


def test_datetime_anchor_is_read_as_its_day() -> None:
    from datetime import datetime

    found = tag_dates("On Thursday and in October, prices fell.", datetime(2022, 12, 2, 18, 30))  # type: ignore[arg-type]
    assert [(m.text, m.start) for m in found] == [("Thursday", date(2022, 12, 1)), ("October", date(2022, 10, 1))]


PIECES = list("0123456789 -/.,'’") + [" May ", "Monday", " last ", "week", " ago", "the ", " since ", "from ",
                                       " to ", " and ", "Dec. ", "Q3", "1990s", " two ", "days", "mid-", "early "]


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_property_invariants(text: str) -> None:
    _check_invariants(text, tag_dates(text, A))


TIMEML = Path(__file__).resolve().parents[2] / "shared" / "data" / "timeml-dev"


@pytest.mark.skipif(not TIMEML.exists(), reason="TimeML dev data not available")
def test_timeml_evaluator_on_real_documents() -> None:
    from dateline.eval import timeml

    paths = [TIMEML / "TimeBank" / "ABC19980108.1830.0711.tml", TIMEML / "TimeBank" / "APW19980213.1320.tml",
             TIMEML / "AQUAINT" / "APW19980807.0261.tml"]
    docs = [d for p in paths if p.exists() and (d := timeml.parse_tml(p)) is not None]
    assert len(docs) >= 2
    for doc in docs:
        for g in doc.gold:
            assert doc.text[g.start:g.end] == g.text
    ours = timeml.evaluate(docs).as_dict()
    base = timeml.evaluate(docs, timeml.baseline).as_dict()
    assert ours["det_f1"] >= 0.8
    assert ours["val_f1"] >= 0.6
    assert ours["det_f1"] > base["det_f1"]
    assert set(ours) == {"det_p", "det_r", "det_f1", "val_p", "val_r", "val_f1"}


def test_timeml_value_intervals() -> None:
    from dateline.eval.timeml import value_interval

    assert value_interval("1998-10-27") == ((date(1998, 10, 27), date(1998, 10, 27)), "day")
    assert value_interval("1998-10-27T13:00") == ((date(1998, 10, 27), date(1998, 10, 27)), "day")
    assert value_interval("1998-W43") == ((date(1998, 10, 19), date(1998, 10, 25)), "week")
    assert value_interval("1998-10") == ((date(1998, 10, 1), date(1998, 10, 31)), "month")
    assert value_interval("1998-Q3") == ((date(1998, 7, 1), date(1998, 9, 30)), "quarter")
    assert value_interval("1998") == ((date(1998, 1, 1), date(1998, 12, 31)), "year")
    assert value_interval("199") == ((date(1990, 1, 1), date(1999, 12, 31)), "decade")
    assert value_interval("19") == ((date(1900, 1, 1), date(1999, 12, 31)), "century")
    assert value_interval("1998-WI") == ((date(1998, 12, 1), date(1999, 2, 28)), "season")
    for vague in ("PRESENT_REF", "PAST_REF", "FUTURE_REF", "XXXX-10", "1998-QX", "P1D"):
        assert value_interval(vague) is None


def test_timeml_scoring_rules() -> None:
    from dateline.eval.timeml import Doc, Gold, Pred, Scores, score_doc

    text = "On Friday and for a week, now."
    doc = Doc("t", date(1998, 10, 30), text, (
        Gold(3, 9, "DATE", "1998-10-30", "Friday"), Gold(18, 24, "DURATION", "P1W", "a week"),
        Gold(26, 29, "DATE", "PRESENT_REF", "now")))
    scores = Scores()
    preds = [Pred(3, 9, (date(1998, 10, 30),) * 2), Pred(18, 24, (date(1998, 10, 26), date(1998, 11, 1))),
             Pred(26, 29, (date(1998, 10, 30),) * 2), Pred(14, 17, (date(1998, 1, 1),) * 2)]
    score_doc(doc, preds, scores)
    # "a week" sits on DURATION gold: ignored; "for" at 14-17 is a false positive
    assert (scores.det_tp, scores.det_fp, scores.det_found, scores.det_gold) == (2, 1, 2, 2)
    # value: only "Friday" has an interval gold; the false positive counts against precision
    assert (scores.val_right, scores.val_claimed, scores.val_gold) == (1, 2, 1)
