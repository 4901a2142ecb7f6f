"""Suggested send times: business hours in the customer's zone, weekends, public holidays,
Ramadan for promotions in Muslim-majority countries, our own closures; and the config."""

from __future__ import annotations

from datetime import date, datetime, time, timezone

import pytest

from mailcrm.config import parse_config
from mailcrm.drafts.settings import Closure, DraftSettings, load_settings
from mailcrm.errors import ConfigError
from mailcrm.drafts.sendtime import Calendar, in_ramadan

CNY_2027 = Closure("Chinese New Year", date(2027, 2, 4), date(2027, 2, 14))


def calendar(**changes) -> Calendar:
    settings = DraftSettings(business_hours=(time(9, 0), time(17, 0)), lead_minutes=0)
    for key, value in changes.items():
        setattr(settings, key, value)
    return Calendar(settings, [CNY_2027])


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


def test_inside_business_hours_in_the_customers_zone():
    # 07:00 UTC on a Tuesday is 08:00 in Berlin: wait for 09:00 there.
    at = calendar().suggest(utc(2026, 3, 3, 7, 0), "DE", "Europe/Berlin", "quote-follow-up").at
    assert at.isoformat() == "2026-03-03T09:00:00+01:00"
    # 10:07 in New York: the next quarter hour, same day.
    at = calendar().suggest(utc(2026, 3, 3, 15, 7), "US", "America/New_York", "quote-follow-up").at
    assert at.isoformat() == "2026-03-03T10:15:00-05:00"


def test_after_hours_moves_to_the_next_working_day():
    friday_evening = utc(2026, 3, 6, 18, 0)  # 19:00 in Berlin
    assert calendar().suggest(friday_evening, "DE", "Europe/Berlin", "after-sales").at.date() == date(2026, 3, 9)


def test_weekends_follow_the_country():
    thursday_evening = utc(2026, 3, 5, 16, 0)  # 19:00 in Riyadh: Friday and Saturday are the weekend
    saudi = calendar().suggest(thursday_evening, "SA", "Asia/Riyadh", "quote-follow-up").at
    assert saudi.date() == date(2026, 3, 8) and saudi.strftime("%A") == "Sunday"
    assert saudi.hour == 9


def test_public_holidays_are_skipped():
    christmas_eve = utc(2025, 12, 24, 17, 0)
    sent = calendar().suggest(christmas_eve, "DE", "Europe/Berlin", "reactivation")
    assert sent.at.date() == date(2025, 12, 29)  # 25th, 26th holidays, then the weekend
    assert any("Christmas" in note for note in sent.notes)


def test_promotions_wait_for_the_end_of_ramadan_in_muslim_majority_countries():
    during = utc(2027, 2, 15, 6, 0)
    assert in_ramadan(date(2027, 2, 15))
    promo = calendar().suggest(during, "SA", "Asia/Riyadh", "value-content")
    assert not in_ramadan(promo.at.date()) and promo.at.date() > date(2027, 3, 9)
    assert any(note.startswith("Ramadan") for note in promo.notes)
    answer = calendar().suggest(during, "SA", "Asia/Riyadh", "quote-follow-up")
    assert answer.at.date() == date(2027, 2, 15)  # business mail is not held back
    german = calendar().suggest(during, "DE", "Europe/Berlin", "value-content")
    assert german.at.date() == date(2027, 2, 15)  # Ramadan only holds Muslim-majority countries


def test_our_closure_holds_everything_but_complaint_replies():
    during_cny = utc(2027, 2, 8, 8, 0)
    held = calendar().suggest(during_cny, "DE", "Europe/Berlin", "quote-follow-up")
    assert held.at.date() == date(2027, 2, 15) and "our closure: Chinese New Year" in held.notes[0]
    urgent = calendar().suggest(during_cny, "DE", "Europe/Berlin", "complaint-reply")
    assert urgent.at.date() == date(2027, 2, 8)


def test_unknown_time_zone_is_said():
    sent = calendar().suggest(utc(2026, 3, 3, 7, 0), None, None, "after-sales")
    assert sent.zone == "UTC" and not sent.zone_known and "unknown" in sent.line()


def test_holiday_greetings_find_the_next_holiday():
    cal = calendar(holiday_greetings=["christmas", "eid-al-fitr"], greeting_days_ahead=7)
    christmas = cal.upcoming_holiday("DE", date(2025, 12, 20))
    assert (christmas.key, christmas.date) == ("christmas", date(2025, 12, 25))
    eid = cal.upcoming_holiday("AE", date(2026, 3, 15))
    assert eid.key == "eid-al-fitr"
    assert cal.upcoming_holiday("SA", date(2025, 12, 20)) is None  # no Christmas holiday there
    greeting = cal.suggest(
        utc(2025, 12, 18, 8, 0), "DE", "Europe/Berlin", "holiday-greeting", not_before=date(2025, 12, 22)
    )
    assert greeting.at.date() == date(2025, 12, 22)


# -- the config sections ---------------------------------------------------------------------

BASE = '[database]\npath = "x.db"\n[[accounts]]\nname = "lisa"\nemail = "lisa@hengtai-valve.com"\n'


def settings_from(tmp_path, text: str):
    path = tmp_path / "config.toml"
    path.write_text(BASE + text, encoding="utf-8")
    return load_settings(parse_config(path.read_text(encoding="utf-8"), path))


def test_config_sections_are_read(tmp_path):
    settings = settings_from(
        tmp_path,
        """
[drafts]
account = "lisa"
business_hours = "08:30-18:00"
do_not_contact = ["Boss@Example.com", "competitor.com"]
[content]
catalogue = { title = "2026 catalogue", url = "https://x.com/c.pdf" }
signatures = { lisa = "Lisa Chen" }
[[content.items]]
title = { en = "Water", de = "Wasser" }
url = "https://x.com/w.pdf"
industries = ["Water"]
[[content.offers]]
text = "5% off"
valid_until = 2026-12-31
purposes = ["reactivation", "stalled-nudge"]
[holidays]
closures = [{ name = "CNY", from = 2027-02-04, to = 2027-02-14 }]
""",
    )
    assert settings.drafts.business_hours == (time(8, 30), time(18, 0))
    assert settings.drafts.do_not_contact == ["boss@example.com", "competitor.com"]
    assert settings.content.items[0].title == {"en": "Water", "de": "Wasser"}
    assert settings.content.items[0].industries == ["water"]
    assert settings.content.offers[0].valid_until == date(2026, 12, 31)
    assert settings.closures[0].end == date(2027, 2, 14)
    assert settings.content.signatures == {"lisa": "Lisa Chen"}


@pytest.mark.parametrize(
    "text, key",
    [
        ('[drafts]\nbusiness_hours = "9 to 5"\n', "drafts.business_hours"),
        ("[drafts]\ncooldown = 3\n", "drafts.cooldown"),
        ('[drafts]\naccount = "bob"\n', "drafts.account"),
        ('[drafts]\nhold_purposes = ["spam"]\n', "drafts.hold_purposes"),
        ('[[content.items]]\ntitle = "x"\nurl = "javascript:alert(1)"\n', "content.items[0].url"),
        ('[content]\nsignatures = { bob = "x" }\n', "content.signatures.bob"),
        ('[holidays]\nclosures = [{ name = "x", from = 2027-02-14, to = 2027-02-04 }]\n', "holidays.closures[0].to"),
    ],
)
def test_config_mistakes_name_file_and_key(tmp_path, text, key):
    with pytest.raises(ConfigError) as error:
        settings_from(tmp_path, text)
    message = str(error.value)
    assert message.startswith(str(tmp_path / "config.toml")) and key in message
