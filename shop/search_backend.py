"""Haystack's Whoosh backend with jieba's Chinese word segmentation.

Stock Whoosh splits text on spaces only, so "蜂蜜" would not find "椴树蜂蜜".
"""

import logging

import jieba
from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend
from jieba.analyse import ChineseAnalyzer

jieba.setLogLevel(logging.WARNING)


class ChineseWhooshSearchBackend(WhooshSearchBackend):
    def build_schema(self, fields):
        content_field_name, schema = super().build_schema(fields)
        # Only the searched document text is segmented into words; other text fields are
        # facets or exact values (the product class "山林药材" must stay whole).
        schema[content_field_name].analyzer = ChineseAnalyzer()
        return content_field_name, schema


class ChineseWhooshEngine(WhooshEngine):
    backend = ChineseWhooshSearchBackend
