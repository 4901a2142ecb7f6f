"""Which server folder is which: config folder names and special-use flags -> (folder, role).

Servers with SPECIAL-USE flag their Sent, Drafts ... folders; the others are found by
their name in the user's language.
"""

from __future__ import annotations

from dataclasses import dataclass


SPECIAL_USE = ("\\Sent", "\\Drafts", "\\Archive", "\\All", "\\Junk", "\\Trash", "\\Flagged")

# Providers without SPECIAL-USE name their folders in the user's language.
LOCALIZED_NAMES = {
    "\\Sent": [
        "Sent",
        "Sent Items",
        "Sent Messages",
        "Sent Mail",
        "[Gmail]/Sent Mail",
        "已发送",
        "已发送邮件",
        "已發送",
        "已傳送郵件",
        "已寄出郵件",
        "送信済み",
        "Gesendet",
        "Gesendete Elemente",
        "Gesendete Objekte",
        "Enviados",
        "Elementos enviados",
        "Itens Enviados",
        "Envoyés",
        "Éléments envoyés",
        "Inviata",
        "Posta inviata",
        "Отправленные",
        "Gönderilmiş Öğeler",
        "المرسلة",
    ],
    "\\Drafts": [
        "Drafts",
        "[Gmail]/Drafts",
        "草稿箱",
        "草稿",
        "草稿夾",
        "下書き",
        "Entwürfe",
        "Borradores",
        "Rascunhos",
        "Brouillons",
        "Bozze",
        "Черновики",
        "Taslaklar",
        "المسودات",
    ],
    "\\Archive": ["Archive", "Archives", "归档", "存档", "Archiv", "Archivo"],
    "\\Trash": ["Trash", "Deleted Items", "Deleted Messages", "已删除", "已删除邮件", "Papierkorb"],
    "\\Junk": ["Junk", "Spam", "Junk E-mail", "垃圾邮件", "垃圾箱"],
    "\\All": ["[Gmail]/All Mail", "All Mail"],
}
ROLE_OF_FLAG = {
    "\\Sent": "sent",
    "\\Drafts": "drafts",
    "\\Archive": "archive",
    "\\All": "all",
    "\\Junk": "junk",
    "\\Trash": "trash",
    "\\Flagged": "flagged",
}
SKIPPED_BY_WILDCARD = ("\\Junk", "\\Trash", "\\Drafts", "\\Noselect", "\\NonExistent")


@dataclass(frozen=True)
class Folder:
    name: str  # decoded Unicode name
    flags: tuple[str, ...]
    delimiter: str

    def has(self, flag: str) -> bool:
        return flag.lower() in (f.lower() for f in self.flags)


def match_spec(spec: str, available: list[Folder]) -> list[tuple[Folder, str]]:
    if spec == "*":
        return [(f, role_of(f)) for f in available if not any(f.has(x) for x in SKIPPED_BY_WILDCARD)]
    if spec.upper() == "INBOX":
        return [(f, "inbox") for f in available if f.name.upper() == "INBOX"]
    if spec in SPECIAL_USE or spec.title() in SPECIAL_USE:
        return by_special_use(spec.title(), available)
    return [(f, role_of(f)) for f in available if f.name == spec]


def by_special_use(flag: str, available: list[Folder]) -> list[tuple[Folder, str]]:
    role = ROLE_OF_FLAG[flag]
    flagged = [(f, role) for f in available if f.has(flag)]
    if flagged:
        return flagged
    names = {n.casefold(): i for i, n in enumerate(LOCALIZED_NAMES.get(flag, []))}
    candidates = [f for f in available if leaf_name(f).casefold() in names or f.name.casefold() in names]
    candidates.sort(key=lambda f: names.get(f.name.casefold(), names.get(leaf_name(f).casefold(), 99)))
    return [(f, role) for f in candidates[:1]]


def leaf_name(folder: Folder) -> str:
    # "INBOX.Sent Items" on servers that nest everything under INBOX
    return folder.name.split(folder.delimiter)[-1] if folder.delimiter else folder.name


def role_of(folder: Folder) -> str:
    if folder.name.upper() == "INBOX":
        return "inbox"
    for flag, role in ROLE_OF_FLAG.items():
        if folder.has(flag):
            return role
    return "other"
