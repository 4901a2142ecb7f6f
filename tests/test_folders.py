"""Finding folders by special-use flag, or by the localized names providers use."""

import pytest

from mailcrm.mail.folders import Folder, match_spec
from mailcrm.mail.imap import sequence_set


def folders(*names, flags=None):
    flags = flags or {}
    return [Folder(name, tuple(flags.get(name, ())), "/") for name in names]


@pytest.mark.parametrize(
    "listing, expected",
    [
        (folders("INBOX", "Sent Items", "Deleted Items", "Drafts"), "Sent Items"),  # Microsoft 365
        (folders("INBOX", "Sent Messages", "Drafts", "Deleted Messages"), "Sent Messages"),  # Tencent / QQ
        (folders("INBOX", "草稿箱", "已发送", "已删除", "垃圾邮件"), "已发送"),  # NetEase 163
        (folders("INBOX", "INBOX/Sent Items"), "INBOX/Sent Items"),  # nested under INBOX
        (folders("INBOX", "Gesendete Elemente", "Entwürfe"), "Gesendete Elemente"),
    ],
)
def test_sent_found_by_localized_name_without_special_use(listing, expected):
    assert [f.name for f, role in match_spec("\\Sent", listing)] == [expected]
    assert match_spec("\\Sent", listing)[0][1] == "sent"


def test_special_use_flag_wins_over_names():
    listing = folders("INBOX", "Sent", "Gesendet", flags={"Gesendet": ("\\Sent",)})
    assert [f.name for f, _ in match_spec("\\Sent", listing)] == ["Gesendet"]


def test_drafts_by_chinese_name():
    listing = folders("INBOX", "草稿箱", "已发送")
    assert [f.name for f, _ in match_spec("\\Drafts", listing)] == ["草稿箱"]


def test_wildcard_skips_junk_trash_and_drafts():
    listing = folders(
        "INBOX",
        "Sent",
        "Junk",
        "Trash",
        "Drafts",
        "Customers/Acme",
        flags={"Junk": ("\\Junk",), "Trash": ("\\Trash",), "Drafts": ("\\Drafts",), "Sent": ("\\Sent",)},
    )
    assert [(f.name, role) for f, role in match_spec("*", listing)] == [
        ("INBOX", "inbox"),
        ("Sent", "sent"),
        ("Customers/Acme", "other"),
    ]


def test_plain_names_match_exactly_and_inbox_case_insensitively():
    listing = folders("INBOX", "Projects")
    assert [f.name for f, _ in match_spec("inbox", listing)] == ["INBOX"]
    assert [f.name for f, _ in match_spec("Projects", listing)] == ["Projects"]
    assert match_spec("Missing", listing) == []


def test_sequence_sets_are_compact():
    assert sequence_set([1, 2, 3, 7, 9, 10]) == "1:3,7,9:10"
    assert sequence_set([5]) == "5"
    assert sequence_set(range(1, 100_001)) == "1:100000"
