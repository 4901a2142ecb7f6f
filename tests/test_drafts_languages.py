"""Drafts for buyers who write Chinese, Japanese and Italian, from their real mail on the test Dovecot:
Lisa's mailbox (tests/fixtures_drafts.py) plus a Hong Kong importer writing Traditional Chinese,
a Singapore distributor writing Simplified Chinese, a Japanese trading house and an Italian installer."""

from __future__ import annotations

import json
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from mailcrm.cli.main import cli

from tests.fixtures_drafts import NOW, Setup, mail

ITALIAN_MONTHS = "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre".split()


def local_day(days_ago: float, zone: str):
    """The day a message sent `days_ago` falls on where the customer reads it: the quote header says
    that day, so a run near midnight UTC must expect the next day in Hong Kong."""
    return (NOW - timedelta(days=days_ago)).astimezone(ZoneInfo(zone))


WONG = "kf.wong@harbour-pipes.com.hk"
TAN = "purchasing@lionwater.com.sg"
SATO = "k.sato@yamato-kiko.co.jp"
ROSSI = "marco.rossi@idraulica-rossi.it"


def buyers(lisa: str) -> tuple[list[bytes], list[bytes]]:
    inbox = [
        mail(
            f"黃家輝 <{WONG}>",
            lisa,
            "詢價：不鏽鋼球閥 DN50",
            "陳小姐您好：\n\n我們是香港的管材進口商，請報500個不鏽鋼球閥DN50 PN40的價格，"
            "連同規格書和交貨期。我們需要在五月底前收到貨物。\n\n謝謝！\n黃家輝\n採購經理\n港灣管材有限公司",
            25,
            "wong-1@harbour-pipes.com.hk",
        ),
        mail(
            f"陈志明 <{TAN}>",
            lisa,
            "询价：蝶阀 DN200",
            "陈小姐，您好！\n\n我们是新加坡的水务设备经销商，请提供DN200蝶阀的报价和产品目录，"
            "数量大约200个。请尽快回复，谢谢。\n\n陈志明\n采购部\n狮城水务私人有限公司",
            200,
            "tan-1@lionwater.com.sg",
        ),
        mail(
            f"佐藤 健 <{SATO}>",
            lisa,
            "ゲートバルブのお見積り依頼",
            "寧波恒泰バルブ\nLisa Chen様\n\nいつもお世話になっております。大和機工の佐藤です。\n"
            "ゲートバルブ2インチを300個、お見積りいただけますでしょうか。\n"
            "納期と梱包仕様もあわせてご教示ください。\n\nよろしくお願いいたします。\n佐藤 健",
            22,
            "sato-1@yamato-kiko.co.jp",
        ),
        mail(
            f"Marco Rossi <{ROSSI}>",
            lisa,
            "Richiesta di offerta valvole a sfera",
            "Buongiorno,\n\nvi chiediamo un prezzo per 400 valvole a sfera da 1 pollice, con certificati CE. "
            "Grazie per la disponibilità.\n\nCordiali saluti\nMarco Rossi\nIdraulica Rossi S.r.l.",
            21,
            "rossi-1@idraulica-rossi.it",
        ),
    ]
    sent = [
        mail(
            f"Lisa Chen <{lisa}>",
            f"黃家輝 <{WONG}>",
            "Re: 詢價：不鏽鋼球閥 DN50",
            "黃先生您好：\n\n附上報價：DN50 PN40不鏽鋼球閥，每個18.50美元，FOB寧波。\n\nLisa",
            23,
            "lisa-w1@hengtai-valve.com",
            "wong-1@harbour-pipes.com.hk",
        ),
        mail(
            f"Lisa Chen <{lisa}>",
            f"陈志明 <{TAN}>",
            "Re: 询价：蝶阀 DN200",
            "陈经理您好：\n\n附件是我们的报价和产品目录，请查收。\n\nLisa",
            199,
            "lisa-t1@hengtai-valve.com",
            "tan-1@lionwater.com.sg",
        ),
        mail(
            f"Lisa Chen <{lisa}>",
            f"佐藤 健 <{SATO}>",
            "Re: ゲートバルブのお見積り依頼",
            "佐藤様\n\nお見積りを添付いたします。\n\nLisa Chen",
            20,
            "lisa-s1@hengtai-valve.com",
            "sato-1@yamato-kiko.co.jp",
        ),
        mail(
            f"Lisa Chen <{lisa}>",
            f"Marco Rossi <{ROSSI}>",
            "Re: Richiesta di offerta valvole a sfera",
            "Gentile Sig. Rossi,\n\nin allegato la nostra offerta.\n\nLisa Chen",
            19,
            "lisa-r1@hengtai-valve.com",
            "rossi-1@idraulica-rossi.it",
        ),
    ]
    return inbox, sent


@pytest.fixture
def setup(tmp_path, dovecot_server, imap_user):
    setup = Setup(tmp_path, dovecot_server, imap_user)
    inbox, sent = buyers(setup.login)
    for raw in inbox:
        dovecot_server.append(setup.login, "INBOX", raw, flags=("\\Seen",))
    for raw in sent:
        dovecot_server.append(setup.login, "Sent", raw, flags=("\\Seen",))
    setup.sync()
    return setup


def invoke(setup, *args):
    return CliRunner().invoke(cli, ["--config", str(setup.config_path), *args])


def test_buyers_who_write_chinese_japanese_or_italian_get_drafts_in_their_language(setup):
    setup.request(WONG, "quote-follow-up", message="wong-1@harbour-pipes.com.hk")
    setup.request(TAN, "reactivation")
    setup.request(SATO, "quote-follow-up", message="sato-1@yamato-kiko.co.jp")
    setup.request(ROSSI, "quote-follow-up", message="rossi-1@idraulica-rossi.it")
    generated = invoke(setup, "drafts", "generate")
    assert generated.exit_code == 0, generated.output
    assert "4 drafted" in generated.output

    wong = setup.drafts(WONG)[0]
    assert (wong["language"], wong["template"]) == ("zh-HK", "zh-HK/quote-follow-up.j2")
    # 輝 marks a man's given name (drafts/salutation.py): 黃先生; 黃經理 only when that is not known
    assert wong["body_text"].startswith("尊敬的黃先生：\n您好！")
    assert "本公司於" in wong["body_text"] and "寄給您的報價" in wong["body_text"] and "順頌商祺！" in wong["body_text"]
    assert wong["subject"] == "Re: 詢價：不鏽鋼球閥 DN50"
    # our quotation came last in the thread: the follow-up continues and quotes it, dated their way
    first = wong["quote_text"].splitlines()[0]
    sent = local_day(23, "Asia/Hong_Kong")
    assert first.startswith(f"Lisa Chen 於 {sent.year}年{sent.month}月{sent.day}日") and first.endswith("寫道：")
    assert wong["send_zone"] == "Asia/Hong_Kong"

    tan = setup.drafts(TAN)[0]
    assert (tan["language"], tan["template"]) == ("zh", "zh/reactivation.j2")
    assert tan["body_text"].startswith("尊敬的陈经理：\n您好！") and "顺祝商祺！" in tan["body_text"]
    assert tan["subject"].endswith("及老客户专属优惠") and "Dear" not in tan["body_text"]

    sato = setup.drafts(SATO)[0]
    assert (sato["language"], sato["template"]) == ("ja", "ja/quote-follow-up.j2")
    lines = sato["body_text"].splitlines()
    # the company signed nowhere, so its name is only the domain: no "yamato-kiko.co.jp" line above 佐藤様
    assert lines[0] == "佐藤様" and lines[2] == "いつも大変お世話になっております。"
    assert "お忙しいところ恐縮ですが" in sato["body_text"] and "何卒よろしくお願い申し上げます。" in sato["body_text"]
    assert "年" in sato["body_text"] and "月" in sato["body_text"]  # the quotation's date, written 2026年…月…日

    rossi = setup.drafts(ROSSI)[0]
    assert (rossi["language"], rossi["template"]) == ("it", "it/quote-follow-up.j2")
    assert rossi["body_text"].startswith("Gentile Sig. Rossi,\n") and "Cordiali saluti" in rossi["body_text"]
    sent = local_day(19, "Europe/Rome")
    on_the_day = f"Il giorno {sent.day} {ITALIAN_MONTHS[sent.month - 1]} {sent.year} alle ore "
    assert rossi["quote_text"].startswith(on_the_day) and "Lisa Chen ha scritto:" in rossi["quote_text"]

    shown = invoke(setup, "drafts", "show", str(wong["id"]))
    assert shown.exit_code == 0 and "尊敬的黃先生" in shown.output
    listed = json.loads(invoke(setup, "drafts", "list", "--json").output)
    assert {d["to_email"] for d in listed} >= {WONG, TAN, SATO, ROSSI}
