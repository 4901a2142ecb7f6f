"""Customers: every message filed under the company it belongs to, and what people decide.

The parts above use the modules named in ``__all__``; the others are this part's own.

filing      refresh: address -> contact -> customer, after each sync and import
batch       one batch of messages classified and written (filing's inner loop)
keys        customers and their keys, events, the dirty list, what is ignored (SQL)
aggregates  counts, turn, latency, and the profile recomputed with grouped SQL
bodyfacts   language and signature of inbound mail, read ahead by workers
signature   the author's own text and its signature (company, title, phone …)
language    the language of a text
country     countries, phones (libphonenumber's data), ccTLDs and time zones
places      the city, region or country an address in a signature names (data/places.tsv)
location    a customer's country and zone weighed from that evidence, and the evidence
platform    the buyer named in a B2B platform notification
sources     where a customer's first inquiry came from: platform, website form, referral, direct
lookup      finding a customer, the list, a profile, the timeline
decisions   merge, split, set, ignore, promote: what people decide
contacts    notes, calls, visits, meetings, chats and faxes: every contact recorded
triage      who becomes a customer: spam, bulk, forwarders, banks set aside; one-off senders pending
schema      the part's own migrations (its first tables are in the mail part's set)
csvfiles    customers in and out of CSV
dupes       probable duplicates (查重): the uncertain pairs left to a person
merging     one company under two keys merged on strong evidence, recorded, undone by split
orders      orders per customer
plans       the monthly sales plan per customer against the orders (plan, actual, year to date)
order_text  does a message place an order: its number, amount, currency
mail_orders orders seen in the mail, recorded with source 'mail'
handover    a salesperson's customers handed to another, with briefs
documents   every file exchanged, classified by kind (contract, PO, PI …), listed and saved
doc_words   the words that name each kind of document, per language
"""

__all__ = [
    "aggregates",
    "contacts",
    "country",
    "csvfiles",
    "decisions",
    "documents",
    "dupes",
    "filing",
    "handover",
    "keys",
    "language",
    "location",
    "lookup",
    "mail_orders",
    "merging",
    "orders",
    "plans",
    "platform",
    "schema",
    "sources",
    "triage",
]
