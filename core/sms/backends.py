"""The SMS backends that send nothing: the console (development, the demo) and memory (tests)."""

import sys

from core import sms


class ConsoleBackend:
    """Writes each message to standard output, as Django's console e-mail backend does."""

    def send(self, message: "sms.Sms") -> None:
        sys.stdout.write(f"SMS to {message.mobile}: {message.text}\n")
        sys.stdout.flush()


class LocmemBackend:
    """Keeps each message in `core.sms.outbox`, for tests to read."""

    def send(self, message: "sms.Sms") -> None:
        sms.outbox.append(message)


class DownBackend:
    """A provider that cannot be reached (tests of what a page does then)."""

    def send(self, message: "sms.Sms") -> None:
        raise sms.SmsError("provider unreachable")
