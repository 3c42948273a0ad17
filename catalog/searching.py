"""Product search on the database: every app server sees one index, current in the same transaction.

A product's words (jieba-segmented, with pinyin) are kept in ``SearchEntry``; each database indexes
them with its own full-text engine — PostgreSQL a weighted ``tsvector`` column with a GIN index,
SQLite an FTS5 table — built by ``install_index`` in a migration. A query is segmented the same
way, each word widened by the synonyms staff keep (``SearchSynonym``), and every word must match
(in the title, the village and town, or the description); the title weighs most.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import jieba
from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Lookup, QuerySet
from pypinyin import lazy_pinyin

from catalog.models import SearchEntry, SearchSynonym
from catalog.synonyms import WORD as _WORD

jieba.setLogLevel(logging.WARNING)

MAX_QUERY_CHARS = 100
MAX_QUERY_WORDS = 8
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _words(text: str, *, for_index: bool) -> list[str]:
    """The words of `text`: jieba's search mode (every dictionary sub-word) for the index, its
    precise mode for a query, so that each word of a query is among the words indexed."""
    text = (text or "").lower()
    cut = jieba.cut_for_search(text) if for_index else jieba.cut(text)
    return [w for piece in cut for w in _WORD.findall(piece)]


def _pinyin(word: str) -> str:
    """'蜂蜜' → 'fengmi'; '' for a word without Chinese characters."""
    return "".join(lazy_pinyin(word)) if _HAN.search(word) else ""


def _unique(words) -> str:
    return " ".join(dict.fromkeys(w for w in words if w))


@dataclass(frozen=True)
class SearchDocument:
    title_terms: str
    place_terms: str
    body_terms: str


def document_for(*, title: str, title_en: str = "", places: tuple[str, ...] = (), description: str = "",
                 description_en: str = "", kinds: tuple[str, ...] = ()) -> SearchDocument:
    """The words search keeps for one product. The title's words come with their pinyin (fengmi);
    each Chinese character of the title is kept too, at the lowest weight, so that a buyer's single
    character (蟹, 鸡, 鹅) finds 河蟹, 笨鸡 and 大鹅."""
    title_words = _words(title, for_index=True) + _words(title_en, for_index=True)
    characters = _HAN.findall(title)
    place_words = [w for place in places for w in (place.lower(), *_words(place, for_index=True))]
    body_words = (_words(_plain(description), for_index=True) + _words(_plain(description_en), for_index=True)
                  + [w for kind in kinds for w in _words(kind, for_index=True)])
    return SearchDocument(
        title_terms=_unique(title_words + [_pinyin(w) for w in title_words]),
        place_terms=_unique(place_words + [_pinyin(w) for w in place_words]),
        body_terms=_unique(body_words + characters + [_pinyin(c) for c in characters]),
    )


def _plain(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html or "")


def product_document(product) -> SearchDocument:
    village = product.origin_village
    places = (village.name, village.town.name, settings.COUNTY_NAME) if village else (settings.COUNTY_NAME,)
    return document_for(title=product.title, title_en=product.title_en, places=places,
                        description=product.description, description_en=product.description_en,
                        kinds=(product.product_class.name,) if product.product_class_id else ())


def index_product(product) -> None:
    """Write the product's search words (called on every save, inside the saving transaction)."""
    doc = product_document(product)
    SearchEntry.objects.update_or_create(product_id=product.pk, defaults={
        "title_terms": doc.title_terms, "place_terms": doc.place_terms, "body_terms": doc.body_terms})


def index_new_products(products) -> int:
    """Write the search words of products made with bulk_create (no post_save), in bulk. Each
    product needs its origin_village (with town) and product_class loaded or cheap to load."""
    entries = []
    for product in products:
        doc = product_document(product)
        entries.append(SearchEntry(product_id=product.pk, title_terms=doc.title_terms,
                                   place_terms=doc.place_terms, body_terms=doc.body_terms))
    SearchEntry.objects.bulk_create(entries, batch_size=1000)
    return len(entries)


def index_products(products) -> int:
    """Reindex many products (after a village is renamed, or by `manage.py reindex_products`)."""
    count = 0
    for product in products.select_related("origin_village__town", "product_class"):
        index_product(product)
        count += 1
    return count


# --- Queries ---------------------------------------------------------------------------------

def _synonym_groups() -> list[list[str]]:
    return [words.split() for words in SearchSynonym.objects.values_list("words", flat=True)]


def _query_words(query: str, dictionary: set[str]) -> list[str]:
    """The words of a query: the synonyms' words where they occur (longest first), so that 柴鸡
    stays one word whatever jieba's dictionary knows, and jieba's precise cut for the rest."""
    words = []
    longest = max(map(len, dictionary), default=0)
    for piece in _WORD.findall(query):
        rest, i = "", 0
        while i < len(piece):
            found = next((piece[i:i + n] for n in range(min(longest, len(piece) - i), 1, -1)
                          if piece[i:i + n] in dictionary), None)
            if found:
                words += _words(rest, for_index=False) + [found]
                rest, i = "", i + len(found)
            else:
                rest, i = rest + piece[i], i + 1
        words += _words(rest, for_index=False)
    return words


def query_groups(query: str, *, synonyms: list[list[str]] | None = None) -> list[list[tuple[str, ...]]]:
    """What a query asks for: one group per word, every group must match; a group holds the
    alternatives for that word (itself and its synonyms), each alternative a tuple of words that
    must all match (a synonym that jieba cuts in two). The whole query, when it is more than one
    word, is one more alternative for the first group (a place name such as 青山镇)."""
    query = (query or "")[:MAX_QUERY_CHARS].lower()
    synonyms = _synonym_groups() if synonyms is None else synonyms
    by_word = {}
    for group in synonyms:
        for word in group:
            by_word.setdefault(word, set()).update(group)
    words = list(dict.fromkeys(_query_words(query, set(by_word))))[:MAX_QUERY_WORDS]
    if not words:
        return []
    groups = []
    for word in words:
        alternatives = {(word,)}
        for synonym in sorted(by_word.get(word, ())):
            parts = tuple(_words(synonym, for_index=False))
            if parts:
                alternatives.add(parts)
        groups.append(sorted(alternatives))
    whole = "".join(_WORD.findall(query))
    if len(words) > 1 and whole:
        groups[0].append((whole,))
    return groups


def _prefix(word: str) -> bool:
    # Latin words of three letters or more also find longer ones: crab → crabs, feng → fengmi.
    return word.isascii() and len(word) >= 3


class _PostgresIndex:
    """A generated tsvector over the exact words (array_to_tsvector: no parser, no stemming, so a
    Chinese word stays whole), weighted title A, places B, description C, with a GIN index."""

    install_sql = [
        """ALTER TABLE catalogue_searchentry ADD COLUMN document tsvector GENERATED ALWAYS AS (
            setweight(array_to_tsvector(string_to_array(title_terms, ' ')), 'A')
            || setweight(array_to_tsvector(string_to_array(place_terms, ' ')), 'B')
            || setweight(array_to_tsvector(string_to_array(body_terms, ' ')), 'C')) STORED""",
        "CREATE INDEX catalogue_searchentry_document ON catalogue_searchentry USING gin (document)",
    ]
    uninstall_sql = ["ALTER TABLE catalogue_searchentry DROP COLUMN document"]

    @staticmethod
    def compile(groups) -> str:
        def lexeme(word):
            quoted = "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"
            return quoted + (":*" if _prefix(word) else "")

        return " & ".join("(" + " | ".join("(" + " & ".join(lexeme(w) for w in alt) + ")" for alt in group) + ")"
                          for group in groups)

    # The full-text match runs once per search, best first; the pages, counts and filters that
    # follow work from its ids (a hashed array test) instead of matching the documents again.
    ranked = ("SELECT product_id FROM catalogue_searchentry WHERE document @@ %s::tsquery {among} "
              "ORDER BY ts_rank(document, %s::tsquery) DESC, product_id")
    id_column = "product_id"

    @staticmethod
    def ranked_params(expression: str, among: list) -> list:
        return [expression, *among, expression]

    # The planner prices matching a document during a scan of the table as one cheap operator,
    # and so scans all rows for any word found in more than a few per cent of them; the GIN index
    # answers those 3 times faster (12 ms against 4 for 鸡 over 10,000 products). For this one
    # query, in its own transaction (or savepoint: put back after it).
    before_ranked = ["SET LOCAL enable_seqscan = off"]
    after_ranked = ["SET LOCAL enable_seqscan TO DEFAULT"]


class _SqliteIndex:
    """An FTS5 table over SearchEntry's columns (external content), kept current by triggers."""

    _columns = "title_terms, place_terms, body_terms"
    _new = "new.product_id, new.title_terms, new.place_terms, new.body_terms"
    _old = "'delete', old.product_id, old.title_terms, old.place_terms, old.body_terms"
    install_sql = [
        f"""CREATE VIRTUAL TABLE catalogue_searchentry_fts USING fts5({_columns},
            content='catalogue_searchentry', content_rowid='product_id', tokenize='unicode61')""",
        f"""CREATE TRIGGER catalogue_searchentry_ai AFTER INSERT ON catalogue_searchentry BEGIN
            INSERT INTO catalogue_searchentry_fts(rowid, {_columns}) VALUES ({_new}); END""",
        f"""CREATE TRIGGER catalogue_searchentry_ad AFTER DELETE ON catalogue_searchentry BEGIN
            INSERT INTO catalogue_searchentry_fts(catalogue_searchentry_fts, rowid, {_columns}) VALUES ({_old}); END""",
        f"""CREATE TRIGGER catalogue_searchentry_au AFTER UPDATE ON catalogue_searchentry BEGIN
            INSERT INTO catalogue_searchentry_fts(catalogue_searchentry_fts, rowid, {_columns}) VALUES ({_old});
            INSERT INTO catalogue_searchentry_fts(rowid, {_columns}) VALUES ({_new}); END""",
        "INSERT INTO catalogue_searchentry_fts(catalogue_searchentry_fts) VALUES ('rebuild')",
    ]
    uninstall_sql = [f"DROP TRIGGER IF EXISTS catalogue_searchentry_{t}" for t in ("ai", "ad", "au")] + [
        "DROP TABLE IF EXISTS catalogue_searchentry_fts"]

    @staticmethod
    def compile(groups) -> str:
        def term(word):
            return '"' + word.replace('"', '""') + '"' + ("*" if _prefix(word) else "")

        return " AND ".join("(" + " OR ".join("(" + " AND ".join(term(w) for w in alt) + ")" for alt in group) + ")"
                            for group in groups)

    # bm25 with the columns' weights: title 4, village and town 2, description 1 (lower is better).
    ranked = ("SELECT rowid FROM catalogue_searchentry_fts WHERE catalogue_searchentry_fts MATCH %s {among} "
              "ORDER BY bm25(catalogue_searchentry_fts, 4.0, 2.0, 1.0), rowid")
    id_column = "rowid"

    @staticmethod
    def ranked_params(expression: str, among: list) -> list:
        return [expression, *among]

    before_ranked: list[str] = []
    after_ranked: list[str] = []


def _engine(vendor: str):
    return {"postgresql": _PostgresIndex, "sqlite": _SqliteIndex}[vendor]


def install_index(schema_editor) -> None:
    for sql in _engine(schema_editor.connection.vendor).install_sql:
        schema_editor.execute(sql)


def uninstall_index(schema_editor) -> None:
    for sql in _engine(schema_editor.connection.vendor).uninstall_sql:
        schema_editor.execute(sql)


def ranked_ids(query: str, *, among: QuerySet | None = None) -> list[int]:
    """The ids of the products (of `among`, when given) whose words match every word of `query`,
    best first: the title weighs most, then the village and town, then the description. [] for a
    query without words."""
    groups = query_groups(query)
    if not groups:
        return []
    engine = _engine(connection.vendor)
    among_sql, among_params = "", []
    if among is not None:
        subquery, among_params = among.order_by().values("pk").query.sql_with_params()
        among_sql = f"AND {engine.id_column} IN ({subquery})"
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in engine.before_ranked:
            cursor.execute(statement)
        cursor.execute(engine.ranked.format(among=among_sql),
                       engine.ranked_params(engine.compile(groups), list(among_params)))
        ids = [row[0] for row in cursor.fetchall()]
        for statement in engine.after_ranked:
            cursor.execute(statement)
    return ids


class IdIn(Lookup):
    """`IdIn(F("pk"), ids)`: the column is one of many ids passed as one parameter — an array on
    PostgreSQL, JSON on SQLite — instead of one parameter per id (a search may match thousands)."""

    lookup_name = "id_in"
    prepare_rhs = False

    def __init__(self, lhs, rhs):
        super().__init__(lhs, rhs)
        # As text, written once (the query is copied and compiled several times): the driver
        # adapting thousands of ints one by one costs more.
        self.ids_text = ",".join(str(int(pk)) for pk in rhs)

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s::bigint[])", [*params, "{" + self.ids_text + "}"]

    def as_sqlite(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} IN (SELECT value FROM json_each(%s))", [*params, "[" + self.ids_text + "]"]


def within(products: QuerySet, ids: list[int]) -> QuerySet:
    """`products` among `ids` (as ranked_ids gives them); none for no ids."""
    return products.filter(IdIn(F("pk"), ids)) if ids else products.none()
