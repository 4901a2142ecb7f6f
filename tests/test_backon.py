"""The return date an out-of-office notice names, in 14 languages: "back on X" is X,
"until X" and the end of a range are the day after X, and anything unclear is None."""

from __future__ import annotations

from datetime import date

import pytest

from mailcrm.engine.backon import return_date

WED_2_DEC = date(2026, 12, 2)
THU_10_DEC = date(2026, 12, 10)
SUN_20_DEC = date(2026, 12, 20)

# (notice, sent, the first day back)
BACK = {
    "en back on weekday + d/m": (
        "Thanks for your mail. I am travelling and will be back in the office on Monday 14/12. "
        "Urgent questions: Anna, +44 20 7946 0000.",
        WED_2_DEC,
        date(2026, 12, 14),
    ),
    "en until ISO": ("Out of office until 2026-12-11 with no access to e-mail.", WED_2_DEC, date(2026, 12, 12)),
    "en range": (
        "I am on leave from 7 to 18 December and will answer your message after my return.",
        WED_2_DEC,
        date(2026, 12, 19),
    ),
    "en-US m/d": ("Back at my desk 12/21, please expect a delay.", WED_2_DEC, date(2026, 12, 21)),
    "en month first, next year": ("Returning January 5th; replies may be slow.", SUN_20_DEC, date(2027, 1, 5)),
    "en weekday alone": ("I'm away until Friday, reachable by phone.", WED_2_DEC, date(2026, 12, 5)),
    "en two readings, one near": ("Out of the office, back on 01/05.", SUN_20_DEC, date(2027, 1, 5)),
    "de ab … wieder": (
        "Vielen Dank für Ihre Nachricht. Ich bin ab dem 11. Januar wieder erreichbar.",
        SUN_20_DEC,
        date(2027, 1, 11),
    ),
    "de bis einschließlich": ("Ich bin bis einschließlich 18.12. im Urlaub.", WED_2_DEC, date(2026, 12, 19)),
    "de zurück am": ("Bin auf Dienstreise, zurück am 9.12.2026.", WED_2_DEC, date(2026, 12, 9)),
    "fr": ("Bonjour, je suis en déplacement et serai de retour le lundi 4 janvier.", SUN_20_DEC, date(2027, 1, 4)),
    "es": ("Gracias por su correo. Estaré de vacaciones hasta el 7 de enero inclusive.", SUN_20_DEC, date(2027, 1, 8)),
    "es range": ("Estoy fuera del 1 al 14 de diciembre.", WED_2_DEC, date(2026, 12, 15)),
    "pt": (
        "Olá! Estou em viagem e retorno no dia 15/12. Para assuntos urgentes, ligue (11) 4002-8922.",
        WED_2_DEC,
        date(2026, 12, 15),
    ),
    "it": ("Sono fuori sede fino al 9 dicembre; rientrerò in ufficio il 10 dicembre.", WED_2_DEC, date(2026, 12, 10)),
    "ru": ("Добрый день! Я в командировке, вернусь в офис 16 декабря.", WED_2_DEC, date(2026, 12, 16)),
    "ru до": ("Я в отпуске до 31.12, письма читаю редко.", THU_10_DEC, date(2027, 1, 1)),
    "ar": ("شكرا على رسالتك. أنا في إجازة وسأعود إلى العمل يوم 20 ديسمبر.", THU_10_DEC, date(2026, 12, 20)),
    "ar Arabic-Indic digits": ("أنا خارج المكتب حتى ٢٢ ديسمبر.", THU_10_DEC, date(2026, 12, 23)),
    "zh": ("您好！我目前在外地出差，预计12月16日回到办公室。", WED_2_DEC, date(2026, 12, 16)),
    "zh range": ("本人12月7日至18日休假，期间邮件回复可能延迟。", WED_2_DEC, date(2026, 12, 19)),
    "ja": ("誠に勝手ながら12月20日まで休暇をいただいております。", THU_10_DEC, date(2026, 12, 21)),
    "ja full-width": ("出張のため、１２月１５日（火）に戻ります。", THU_10_DEC, date(2026, 12, 15)),
    "tr": ("Merhaba, 21 Aralık'a kadar izindeyim.", THU_10_DEC, date(2026, 12, 22)),
    "tr back": ("Yıllık izindeyim, 4 Ocak'ta döneceğim.", SUN_20_DEC, date(2027, 1, 4)),
    "pl": ("Dzień dobry, jestem na urlopie. Wracam 4 stycznia.", SUN_20_DEC, date(2027, 1, 4)),
    "ko": ("안녕하세요. 출장 중이며 12월 17일부터 정상 출근합니다.", WED_2_DEC, date(2026, 12, 17)),
    "nl": ("Ik ben met vakantie tot en met 27 december.", THU_10_DEC, date(2026, 12, 28)),
    "nl terug": ("Ik ben weer terug op maandag 4 januari.", SUN_20_DEC, date(2027, 1, 4)),
}

# (notice, sent): nothing a salesperson could rely on
NOTHING = {
    "no date": ("I am out of the office with limited access to e-mail.", WED_2_DEC),
    "a phone number after the cue": (
        "I will be back shortly; until then call 14/12-3344 or +49 711 1412 2026.",
        WED_2_DEC,
    ),
    "a phone number that looks like a date": ("Out of office. Until my return: 14.12.58.", WED_2_DEC),
    "since": ("I have been on sick leave since 3 December.", THU_10_DEC),
    "ab without wieder": ("Ich bin ab dem 21.12. im Urlaub.", THU_10_DEC),
    "a date that is no return": ("Your order 4471 was shipped on 14 December.", WED_2_DEC),
    "two readings, both far": ("Back on 05/06.", WED_2_DEC),
    "two readings, both near": ("Back on 12/01.", date(2026, 11, 28)),
    "a stale template": ("I am back on 3 December.", THU_10_DEC),
    "further than half a year": ("On parental leave, back on 1 October 2027.", WED_2_DEC),
    "30 February": ("De retour le 30 février.", WED_2_DEC),
    "only in the quoted original": (
        "I am out of the office.\n\nOn Mon, 30 Nov 2026 at 09:12, Lisa Chen <lisa@hengtai-valve.com> wrote:\n"
        "> The valves will be back on 14 December.",
        WED_2_DEC,
    ),
    "received is no until (zh)": ("您的邮件已收到，12月14日发货。", WED_2_DEC),
}


@pytest.mark.parametrize("case", BACK)
def test_the_first_day_back_is_read_from_the_notice(case):
    text, sent, expected = BACK[case]
    assert return_date(text, sent) == expected


@pytest.mark.parametrize("case", NOTHING)
def test_no_date_when_the_notice_does_not_say_clearly(case):
    text, sent = NOTHING[case]
    assert return_date(text, sent) is None


def test_back_on_a_weekday_is_the_next_one_and_until_a_weekday_may_be_today():
    monday = date(2026, 12, 7)
    assert return_date("Back on Monday.", monday) == date(2026, 12, 14)
    assert return_date("Back on Monday.", WED_2_DEC) == monday
    assert return_date("Out until Monday.", monday) == date(2026, 12, 8)
    assert return_date("下周一回来", WED_2_DEC) == monday


def test_a_weekday_settles_a_date_that_reads_two_ways():
    sent = date(2026, 12, 28)  # 1/2: Saturday 2 January or Monday 1 February, both near
    assert return_date("Back on 1/2.", sent) is None
    assert return_date("Back on Monday 1/2.", sent) == date(2027, 2, 1)
    assert return_date("Back on Saturday, 1/2.", sent) == date(2027, 1, 2)
    assert return_date("Back on Sunday 1/2.", sent) is None  # neither reading is a Sunday


def test_the_latest_named_day_wins():
    text = "I am away from 1 to 4 December (back on 7 December), and again from 24 to 31 December."
    assert return_date(text, date(2026, 11, 30)) == date(2027, 1, 1)


def test_the_brief_examples_in_every_language():
    sent = WED_2_DEC
    examples = [
        "I will be back on 14 December",
        "back on Monday 14/12",
        "zurück am 14.12.",
        "de retour le 14 décembre",
        "estaré de vuelta el 14 de diciembre",
        "regresso no dia 14/12",
        "rientrerò il 14 dicembre",
        "вернусь 14 декабря",
        "سأعود في 14 ديسمبر",
        "12月14日返回",
        "12月14日に戻ります",
        "14 Aralık'ta döneceğim",
        "wracam 14 grudnia",
        "12월 14일에 복귀",
        "terug op 14 december",
    ]
    assert {text: return_date(text, sent) for text in examples} == {text: date(2026, 12, 14) for text in examples}
    assert return_date("out of the office until 2026-12-14", sent) == date(2026, 12, 15)
    assert return_date("returning January 5th", sent) == date(2027, 1, 5)
    assert return_date("ab dem 5. Januar wieder erreichbar", sent) == date(2027, 1, 5)


def test_the_dates_the_first_reader_knew_now_name_the_first_day_back():
    sent = date(2025, 12, 20)
    assert return_date("I am out of office until 5 January 2026.", sent) == date(2026, 1, 6)
    assert return_date("Ich bin bis zum 07.01.2026 nicht im Büro", sent) == date(2026, 1, 8)
    assert return_date("Estaré fuera hasta el 8 de enero", sent) == date(2026, 1, 9)
    assert return_date("我将于1月6日返回", sent) == date(2026, 1, 6)
    assert return_date("I am away.", sent) is None


RANGES = {
    "en": "Away from Thursday 3 December to Friday 11 December.",
    "de": "Ich bin vom 3. bis 11. Dezember nicht im Büro.",
    "fr": "Je suis absent du 3 au 11 décembre inclus.",
    "es": "Vacaciones: 03/12 - 11/12.",
    "pt": "Estou de férias de 3 a 11 de dezembro.",
    "it": "Sono in ferie dal 3 all'11 dicembre.",
    "ru": "Я в отпуске с 3 по 11 декабря.",
    "pl": "Jestem na urlopie od 3 do 11 grudnia.",
    "nl": "Ik ben afwezig van 3 t/m 11 december.",
    "tr": "3 Aralık - 11 Aralık tarihleri arasında izindeyim.",
    "ar": "أنا في إجازة من 3 ديسمبر إلى 11 ديسمبر.",
    "ja": "12月3日～12月11日まで休暇です。",
    "ko": "12월 3일부터 12월 11일까지 휴가입니다.",
}


@pytest.mark.parametrize("language", RANGES)
def test_after_a_range_of_days_away_the_writer_is_back_the_day_after_its_end(language):
    assert return_date(RANGES[language], WED_2_DEC) == date(2026, 12, 12)


# A company closed for a holiday (announced before it, too) names the day its mail is answered again.
ANSWERED_FROM = {
    "en": "Our offices are closed from 24 December to 2 January. E-mails will be answered from 5 January.",
    "de": "Unser Betrieb ist vom 23.12. bis 02.01. geschlossen. Ihre Nachricht wird ab dem 05.01. bearbeitet.",
    "fr": "Notre société est fermée pour les fêtes. Les messages seront traités à partir du 5 janvier.",
    "es": "Nuestras oficinas están cerradas por fiestas. Los correos serán atendidos a partir del 5 de enero.",
    "pt": "Estamos em recesso de fim de ano. Os e-mails serão respondidos a partir de 05/01.",
    "it": "L'azienda è chiusa per le festività. I messaggi saranno evasi a partire dal 5 gennaio.",
    "nl": "Wij zijn gesloten tijdens de feestdagen. E-mails worden vanaf 5 januari beantwoord.",
    "ru": "Офис закрыт на новогодние праздники. Письма будут обработаны с 5 января.",
    "pl": "Firma jest nieczynna w okresie świątecznym. Wiadomości zostaną rozpatrzone od 5 stycznia.",
    "tr": "Firmamız yılbaşı tatili nedeniyle kapalıdır. E-postalarınız 5 Ocak'tan itibaren yanıtlanacaktır.",
    "ar": "الشركة مغلقة بمناسبة العطلة، وسيتم الرد على رسائلكم ابتداء من 5 يناير.",
    "zh": "我司元旦放假，邮件将于1月5日起陆续回复。",
    "ja": "年末年始休業のため、1月5日より順次対応いたします。",
    "ko": "연말 휴무입니다. 1월 5일부터 순차적으로 회신드리겠습니다.",
}


@pytest.mark.parametrize("language", ANSWERED_FROM)
def test_a_closed_company_is_back_on_the_day_its_mail_is_answered_again(language):
    assert return_date(ANSWERED_FROM[language], SUN_20_DEC) == date(2027, 1, 5)


def test_a_day_mail_was_handled_on_is_no_return():
    assert return_date("Your e-mail was answered on 14 December.", WED_2_DEC) is None
    assert return_date("Ihre Bestellung vom 05.01. wurde bearbeitet.", SUN_20_DEC) is None
