"""Which of the library's texts an account's documents would print in English, for lack of a translation.

The shipped library is complete (a test keeps it so); enablement's own libraries may not be, and a
customer in Munich should not get a roadmap half in English without the CSM knowing it first.
"""

from __future__ import annotations

from collections.abc import Callable

from ..inputs.languages import SOURCE_LANGUAGE, available_languages
from ..inputs.loader import Library
from ..inputs.models import Account
from ..inputs.playbook import security_offer
from ..plan.walk import offered

SHOWN = 10  # texts named in an error before 'and N more'


def english_texts(library: Library, account: Account) -> list[str]:
    """Each text the account's documents would show in English, as 'file:line:col: id.field'; none for an English
    account or a language without a catalog (whose documents are English throughout)."""
    language = account.locale.split("-")[0]
    book = library.playbooks.get(account.segment)
    if language == SOURCE_LANGUAGE or language not in available_languages() or book is None:
        return []
    umap = library.map
    shown = offered(umap, account, security_offer(book, account.regulated))  # the map draws every one offered
    personas = {umap.persona_of[u] for u in shown}
    out = [f"{where}: {item}.{field}" for item, field, where, done in umap.translation_texts(language)
           if not done and (item in shown or (item in personas and field == "title"))]
    out += [f"{library.playbook_files[account.segment]}: {account.segment}.{path}"
            for path, done in book.translation_texts(language) if not done]
    return out


def mixed_language(library: Library) -> Callable[[Account, Callable[[tuple, str, str], None]], None]:
    """A check that refuses an account whose documents would mix its language with English (--strict-language)."""
    def check(account: Account, report: Callable[[tuple, str, str], None]) -> None:
        english = english_texts(library, account)
        if english:
            more = f"; and {len(english) - SHOWN} more" if len(english) > SHOWN else ""
            report(("locale",), "locale", f"its documents would print {len(english)} library text(s) in English, "
                   f"not '{account.locale}': {'; '.join(english[:SHOWN])}{more}; translate them (playbook validate "
                   f"--lang {account.locale.split('-')[0]}) or render without --strict-language")
    return check
