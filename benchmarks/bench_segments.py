"""mailcrm.mail.segments.segment over a few thousand generated bodies of about 2 KB.

    python benchmarks/bench_segments.py            # 4,000 bodies, median of 5 runs
    python benchmarks/bench_segments.py -n 20000 -r 3

The bodies mix the shapes a mailbox holds: Gmail-style replies with ">" quotes, Outlook
replies with From/Sent blocks (nested threads), forwards, QQ 原始邮件 replies, and plain mail
without any marker, in several languages, each with a greeting, body, signature and often a
disclaimer. The budget is 50 µs a message (100,000 messages in 5 s on two cores).
Times are the process's CPU time (time.process_time): the machine is shared, and wall
time would count the other processes' turns on the cores.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mailcrm.mail.segments import segment  # noqa: E402

SENTENCES = [
    "Thank you for your quotation of the DN50 ball valves, we have checked it with our engineers.",
    "Please confirm the delivery time for 500 pcs and send us the proforma invoice.",
    "Gracias por su oferta, necesitamos el precio FOB Ningbo para 300 unidades.",
    "Vielen Dank für Ihr Angebot, bitte senden Sie uns die technischen Zeichnungen.",
    "Merci pour votre offre, pouvez-vous nous envoyer les certificats de matériaux ?",
    "Спасибо за предложение, просим выслать счет на предоплату.",
    "您好，附件是我们的最新报价单，请查收，如有问题请随时联系。",
    "お見積もりありがとうございます。納期についてご確認ください。",
]
GREETINGS = [
    "Dear Lisa,",
    "Hi John,",
    "Estimado Carlos:",
    "Sehr geehrter Herr Müller,",
    "王先生您好，",
    "Bonjour Marie,",
]
SIGNATURES = [
    "Best regards\nJohn Smith\nPurchasing Manager\nAcme Trading Ltd.\nTel: +1 555 123 4567\nwww.acme-trading.com",
    "Mit freundlichen Grüßen\nHans Müller\nEinkauf\nMüller Armaturen GmbH\nTel.: +49 40 1234567",
    "此致\n敬礼\n王丽\n宁波恒泰阀门有限公司\n电话：+86 574 8888 6666",
    "Saludos\nCarlos Pérez\nCompras",
    "Lisa Wang\nSales Manager\nTel: +86 574 8888 6666\nE-mail: lisa@hengtai.cn\nISO 9001 certified",
]
DISCLAIMER = (
    "\n\nThis e-mail and any attachments are confidential and intended solely for the addressee. "
    "If you have received it in error, please notify the sender and delete it."
)


def own_text(rng: random.Random, sentences: int) -> str:
    body = " ".join(rng.choice(SENTENCES) for _ in range(sentences))
    text = f"{rng.choice(GREETINGS)}\n\n{body}\n\n{rng.choice(SIGNATURES)}"
    return text + DISCLAIMER if rng.random() < 0.3 else text


def gmail_reply(rng: random.Random) -> str:
    quoted = "\n".join("> " + line for line in own_text(rng, 9).split("\n"))
    header = "On Mon, 3 Mar 2025 at 10:00, Lisa Wang <lisa@hengtai.cn> wrote:"
    return f"{own_text(rng, 5)}\n\n{header}\n{quoted}\n"


def outlook_thread(rng: random.Random) -> str:
    parts = [own_text(rng, 3)]
    for n in range(3):
        parts.append(
            f"From: Partner {n} <p{n}@example.com>\nSent: Monday, March {n + 3}, 2025 10:00 AM\n"
            f"To: Lisa Wang\nSubject: RE: valves\n\n{own_text(rng, 3)}"
        )
    return "\n\n".join(parts) + "\n"


def forward(rng: random.Random) -> str:
    block = (
        "---------- Forwarded message ---------\nFrom: Carlos Pérez <carlos@cliente.es>\n"
        f"Date: Mon, 3 Mar 2025 at 10:00\nSubject: RFQ\nTo: Tom <tom@dist.com>\n\n{own_text(rng, 6)}"
    )
    return f"{own_text(rng, 2)}\n\n{block}\n"


def qq_reply(rng: random.Random) -> str:
    block = (
        "------------------ 原始邮件 ------------------\n"
        '发件人: "Lisa"<lisa@hengtai.cn>;\n发送时间: 2025年3月3日(星期一) 上午10:00\n'
        f'收件人: "王先生"<wang@abc.cn>;\n主题: 报价\n\n{own_text(rng, 6)}'
    )
    return f"{own_text(rng, 2)}\n\n{block}\n"


def plain(rng: random.Random) -> str:
    return own_text(rng, 24) + "\n"


SHAPES = [gmail_reply, gmail_reply, outlook_thread, outlook_thread, forward, qq_reply, plain, plain]


def bodies(count: int) -> list[str]:
    rng = random.Random(34)
    return [rng.choice(SHAPES)(rng) for _ in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=4000, help="bodies (default 4000)")
    parser.add_argument("-r", type=int, default=5, help="runs (default 5)")
    args = parser.parse_args()
    texts = bodies(args.n)
    size = statistics.mean(map(len, texts))
    runs = []
    for _ in range(args.r):
        started = time.process_time()
        for text in texts:
            segment(text)
        runs.append((time.process_time() - started) / len(texts) * 1e6)
    print(f"{len(texts)} bodies, {size:,.0f} characters on average")
    print(
        f"segment(): {statistics.median(runs):.1f} µs per message (median of {args.r}; runs {min(runs):.1f}–{max(runs):.1f})"
    )


if __name__ == "__main__":
    main()
