"""Haystack's Whoosh backend with jieba's Chinese word segmentation.

Stock Whoosh splits text on spaces only, so "蜂蜜" would not find "椴树蜂蜜".
"""

import logging

import jieba
from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend
from jieba.analyse import ChineseAnalyzer
from whoosh.fields import TEXT

jieba.setLogLevel(logging.WARNING)


class ChineseWhooshSearchBackend(WhooshSearchBackend):
    def build_schema(self, fields):
        content_field_name, schema = super().build_schema(fields)
        analyzer = ChineseAnalyzer()
        # Words are segmented in searched text only; facet values (e.g. the product class
        # "山林药材") must stay whole.
        faceted = {f.index_fieldname for f in fields.values() if getattr(f, "faceted", False)}
        for name in schema.names():
            field = schema[name]
            if isinstance(field, TEXT) and name not in faceted and not name.endswith("_exact"):
                field.analyzer = analyzer
        return content_field_name, schema


class ChineseWhooshEngine(WhooshEngine):
    backend = ChineseWhooshSearchBackend
