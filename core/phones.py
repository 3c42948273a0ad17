"""Mainland China mobile numbers, as buyers type them."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# 11 digits starting 13–19: every mainland carrier's mobile range (fixed lines and 400 numbers are not).
MAINLAND_MOBILE = re.compile(r"1[3-9][0-9]{9}")


def masked_mobile(number: object) -> str:
    """'+8613945100001' or '13945100001' → '139****0001': enough to recognise, not to call."""
    digits = re.sub(r"[^0-9]", "", str(number or ""))[-11:]
    return f"{digits[:3]}****{digits[-4:]}" if len(digits) == 11 else ""


def normalise_mainland_mobile(value: str) -> str:
    """'+86 138-1234-5678' → '13812345678'; raises ValidationError for anything else."""
    # NFKC: a Chinese input method types full-width digits (１３８…), which are the same number.
    digits = re.sub(r"[\s\-()]", "", unicodedata.normalize("NFKC", value or ""))
    for prefix in ("+86", "0086", "86"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 11:
            digits = digits[len(prefix):]
            break
    if not MAINLAND_MOBILE.fullmatch(digits):
        raise ValidationError(
            _("Enter a mainland China mobile number: 11 digits starting with 1, e.g. 138 1234 5678."),
            code="mobile")
    return digits
