"""On a first sync, a deal stalled in mail older than the horizon is history: it is listed under
stalled deals, but it raises no alert in the first digest. A deal stalled in recent mail
still does. Through the real CLI on .eml files written here."""

from __future__ import annotations

from tests.test_rules_run import Workspace

OLD = "marco@bianchi-valvole.it"
RECENT = "ahmed@cairo-plumbing.com.eg"


def negotiation(ws: Workspace, buyer: str, days_ago: int) -> None:
    offer = ws.outbound(
        buyer, "Offer ball valves DN25", "Dear customer,\n\nour price: USD 4.20/pc FOB Ningbo.\n\nLisa", days_ago + 2
    )
    ws.inbound(
        buyer,
        "Re: Offer ball valves DN25",
        "Dear Lisa,\n\nyour price is too high for our market. Can you give us a better price for 5,000 pcs?\n\nRegards",
        days_ago,
        reply_to=offer,
    )


def alerts_in_digest(ws: Workspace) -> str:
    digest = ws.cli("digest", "--owner", "Lisa Chen").output
    return digest.split("== Alerts ==")[1].split("==")[0] if "== Alerts ==" in digest else ""


def test_a_deal_stalled_before_the_horizon_raises_no_alert_on_day_one(tmp_path):
    ws = Workspace(tmp_path)
    negotiation(ws, OLD, 200)
    negotiation(ws, RECENT, 50)
    ws.import_mail()
    ws.run()
    stalled = {i["customer_name"] for i in ws.json("today")["sections"]["stalled"]}
    assert {"bianchi-valvole.it", "cairo-plumbing.com.eg"} <= stalled, stalled  # both listed as stalled
    alerts = alerts_in_digest(ws)
    assert "cairo-plumbing" in alerts.lower(), alerts  # stalled in recent mail: news
    assert "bianchi" not in alerts.lower(), alerts  # stalled in mail older than the horizon: history
